/*
 * elf.h - a read-only view of ELF files (32/64-bit, either byte order) for analyzers that
 * look inside executables (Go build information, cargo-auditable dependency lists).
 *
 * Everything is read through the bounded reader (rd.h): a header, segment or section that
 * points outside the file is KS_ECORRUPT or KS_ETRUNC, never an out-of-bounds read. The
 * view borrows the file bytes; nothing is allocated. Section names point into the file's
 * section name table and are not NUL-terminated (use the length).
 */
#ifndef KS_UTIL_ELF_H
#define KS_UTIL_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/rd.h"
#include "util/str.h"

enum { KS_ELF_PT_LOAD = 1, KS_ELF_PF_X = 1, KS_ELF_PF_W = 2, KS_ELF_PF_R = 4,
	KS_ELF_SHT_NOBITS = 8 };

struct ks_elf {
	struct ks_rd file; /* the whole file */
	bool is64, be;
	uint64_t phoff, shoff;
	uint16_t phentsize, phnum, shentsize, shnum, shstrndx;
};

struct ks_elf_phdr {
	uint32_t type, flags;
	uint64_t off, vaddr, filesz, memsz;
};

struct ks_elf_shdr {
	struct ks_str name; /* empty when the file has no section name table */
	uint32_t type;
	uint64_t flags, addr, off, size;
};

/* True if the n bytes at p start with the ELF magic. */
bool ks_elf_is(const uint8_t *p, size_t n);

/*
 * Reads the ELF header of the n bytes at p into *e. KS_EUNSUPPORTED when p is not ELF
 * (no magic), KS_ECORRUPT for an unknown class or byte order, header tables of a bad
 * entry size or lying outside the file, KS_ETRUNC when the header itself is cut short.
 */
int ks_elf_open(struct ks_elf *e, const uint8_t *p, size_t n);

/* Program header i (< e->phnum) into *ph; KS_ETRUNC/KS_ECORRUPT if unreadable. */
int ks_elf_phdr(const struct ks_elf *e, size_t i, struct ks_elf_phdr *ph);

/* Section header i (< e->shnum) into *sh, with its name resolved when possible. */
int ks_elf_shdr(const struct ks_elf *e, size_t i, struct ks_elf_shdr *sh);

/* The first section called name: 0 with *sh filled, KS_ENOTFOUND when there is none. */
int ks_elf_section(const struct ks_elf *e, const char *name, struct ks_elf_shdr *sh);

/* A reader over a section's bytes in the file (empty for SHT_NOBITS); KS_ECORRUPT when
 * the section lies outside the file. */
int ks_elf_section_data(const struct ks_elf *e, const struct ks_elf_shdr *sh, struct ks_rd *out);

/*
 * A reader over the file bytes that a loadable segment maps at virtual address addr: at
 * most n bytes, fewer when the segment's file data ends earlier (as Go's debug/buildinfo
 * reads). KS_ENOTFOUND when no PT_LOAD segment maps addr from the file, KS_ECORRUPT when
 * that segment lies outside the file.
 */
int ks_elf_read_addr(const struct ks_elf *e, uint64_t addr, uint64_t n, struct ks_rd *out);

#endif
