/* elf.c - read-only ELF view over the bounded reader; see elf.h. */
#include "util/elf.h"
#include "util/err.h"

#include <string.h>

#include "util/banned.h"

bool ks_elf_is(const uint8_t *p, size_t n)
{
	return n >= 4 && memcmp(p, "\x7f" "ELF", 4) == 0;
}

static int rd16(const struct ks_elf *e, struct ks_rd *r, uint16_t *v)
{
	return e->be ? ks_rd_u16be(r, v) : ks_rd_u16le(r, v);
}

static int rd32(const struct ks_elf *e, struct ks_rd *r, uint32_t *v)
{
	return e->be ? ks_rd_u32be(r, v) : ks_rd_u32le(r, v);
}

static int rd64(const struct ks_elf *e, struct ks_rd *r, uint64_t *v)
{
	return e->be ? ks_rd_u64be(r, v) : ks_rd_u64le(r, v);
}

/* A word of the file's class: 4 bytes in ELF32, 8 in ELF64. */
static int rdw(const struct ks_elf *e, struct ks_rd *r, uint64_t *v)
{
	uint32_t w;
	int rc;

	if (e->is64)
		return rd64(e, r, v);
	if ((rc = rd32(e, r, &w)) != 0)
		return rc;
	*v = w;
	return 0;
}

/* True if the table of num entries of entsize bytes at off lies inside the file. */
static bool table_fits(const struct ks_elf *e, uint64_t off, uint16_t num, uint16_t entsize)
{
	uint64_t len = (uint64_t)num * entsize;

	return num == 0 || (off <= e->file.n && len <= e->file.n - off);
}

int ks_elf_open(struct ks_elf *e, const uint8_t *p, size_t n)
{
	struct ks_rd r;
	const uint8_t *ident;
	uint64_t entry;
	uint32_t version, flags;
	uint16_t type, machine, ehsize;
	int rc;

	memset(e, 0, sizeof(*e));
	if (!ks_elf_is(p, n))
		return KS_EUNSUPPORTED;
	ks_rd_init(&e->file, p, n);
	ks_rd_init(&r, p, n);
	if ((rc = ks_rd_bytes(&r, 16, &ident)) != 0)
		return rc;
	if (ident[4] != 1 && ident[4] != 2)
		return KS_ECORRUPT;
	if (ident[5] != 1 && ident[5] != 2)
		return KS_ECORRUPT;
	e->is64 = ident[4] == 2;
	e->be = ident[5] == 2;
	if ((rc = rd16(e, &r, &type)) != 0 || (rc = rd16(e, &r, &machine)) != 0 ||
		(rc = rd32(e, &r, &version)) != 0 || (rc = rdw(e, &r, &entry)) != 0 ||
		(rc = rdw(e, &r, &e->phoff)) != 0 || (rc = rdw(e, &r, &e->shoff)) != 0 ||
		(rc = rd32(e, &r, &flags)) != 0 || (rc = rd16(e, &r, &ehsize)) != 0 ||
		(rc = rd16(e, &r, &e->phentsize)) != 0 || (rc = rd16(e, &r, &e->phnum)) != 0 ||
		(rc = rd16(e, &r, &e->shentsize)) != 0 || (rc = rd16(e, &r, &e->shnum)) != 0 ||
		(rc = rd16(e, &r, &e->shstrndx)) != 0)
		return rc;
	if (e->phnum > 0 && e->phentsize < (e->is64 ? 56 : 32))
		return KS_ECORRUPT;
	if (e->shnum > 0 && e->shentsize < (e->is64 ? 64 : 40))
		return KS_ECORRUPT;
	if (!table_fits(e, e->phoff, e->phnum, e->phentsize) ||
		!table_fits(e, e->shoff, e->shnum, e->shentsize))
		return KS_ECORRUPT;
	return 0;
}

int ks_elf_phdr(const struct ks_elf *e, size_t i, struct ks_elf_phdr *ph)
{
	struct ks_rd r = e->file;
	uint32_t v;
	int rc;

	if (i >= e->phnum)
		return KS_ECORRUPT;
	if ((rc = ks_rd_seek(&r, (size_t)(e->phoff + i * e->phentsize))) != 0)
		return rc;
	memset(ph, 0, sizeof(*ph));
	if ((rc = rd32(e, &r, &ph->type)) != 0)
		return rc;
	if (e->is64) {
		if ((rc = rd32(e, &r, &ph->flags)) != 0 || (rc = rd64(e, &r, &ph->off)) != 0 ||
			(rc = rd64(e, &r, &ph->vaddr)) != 0 || (rc = ks_rd_skip(&r, 8)) != 0 ||
			(rc = rd64(e, &r, &ph->filesz)) != 0 || (rc = rd64(e, &r, &ph->memsz)) != 0)
			return rc;
		return 0;
	}
	if ((rc = rd32(e, &r, &v)) != 0)
		return rc;
	ph->off = v;
	if ((rc = rd32(e, &r, &v)) != 0)
		return rc;
	ph->vaddr = v;
	if ((rc = ks_rd_skip(&r, 4)) != 0 || (rc = rd32(e, &r, &v)) != 0)
		return rc;
	ph->filesz = v;
	if ((rc = rd32(e, &r, &v)) != 0)
		return rc;
	ph->memsz = v;
	return rd32(e, &r, &ph->flags);
}

/* Reads section header i without resolving its name; *name_off gets sh_name. */
static int shdr_raw(const struct ks_elf *e, size_t i, struct ks_elf_shdr *sh, uint32_t *name_off)
{
	struct ks_rd r = e->file;
	int rc;

	if (i >= e->shnum)
		return KS_ECORRUPT;
	if ((rc = ks_rd_seek(&r, (size_t)(e->shoff + i * e->shentsize))) != 0)
		return rc;
	memset(sh, 0, sizeof(*sh));
	if ((rc = rd32(e, &r, name_off)) != 0 || (rc = rd32(e, &r, &sh->type)) != 0 ||
		(rc = rdw(e, &r, &sh->flags)) != 0 || (rc = rdw(e, &r, &sh->addr)) != 0 ||
		(rc = rdw(e, &r, &sh->off)) != 0 || (rc = rdw(e, &r, &sh->size)) != 0)
		return rc;
	return 0;
}

int ks_elf_section_data(const struct ks_elf *e, const struct ks_elf_shdr *sh, struct ks_rd *out)
{
	if (sh->type == KS_ELF_SHT_NOBITS) {
		ks_rd_init(out, NULL, 0);
		return 0;
	}
	if (sh->off > e->file.n || sh->size > e->file.n - sh->off)
		return KS_ECORRUPT;
	return ks_rd_sub(&e->file, (size_t)sh->off, (size_t)sh->size, out);
}

int ks_elf_shdr(const struct ks_elf *e, size_t i, struct ks_elf_shdr *sh)
{
	struct ks_elf_shdr strtab;
	struct ks_rd names;
	uint32_t name_off, ignored;
	const char *s;
	size_t len;
	int rc;

	if ((rc = shdr_raw(e, i, sh, &name_off)) != 0)
		return rc;
	sh->name = (struct ks_str){ "", 0 };
	if (e->shstrndx == 0 || e->shstrndx >= e->shnum)
		return 0;
	if ((rc = shdr_raw(e, e->shstrndx, &strtab, &ignored)) != 0 ||
		(rc = ks_elf_section_data(e, &strtab, &names)) != 0)
		return rc;
	if (name_off >= names.n)
		return KS_ECORRUPT;
	if ((rc = ks_rd_seek(&names, name_off)) != 0 || (rc = ks_rd_cstr(&names, &s, &len)) != 0)
		return rc;
	sh->name = (struct ks_str){ s, len };
	return 0;
}

int ks_elf_section(const struct ks_elf *e, const char *name, struct ks_elf_shdr *sh)
{
	size_t i;
	int rc;

	for (i = 0; i < e->shnum; i++) {
		if ((rc = ks_elf_shdr(e, i, sh)) != 0)
			return rc;
		if (ks_str_eq(sh->name, name))
			return 0;
	}
	return KS_ENOTFOUND;
}

int ks_elf_read_addr(const struct ks_elf *e, uint64_t addr, uint64_t n, struct ks_rd *out)
{
	struct ks_elf_phdr ph;
	uint64_t avail;
	size_t i;
	int rc;

	for (i = 0; i < e->phnum; i++) {
		if ((rc = ks_elf_phdr(e, i, &ph)) != 0)
			return rc;
		if (ph.type != KS_ELF_PT_LOAD || ph.filesz == 0 || addr < ph.vaddr ||
			addr - ph.vaddr >= ph.filesz)
			continue;
		if (ph.off > e->file.n || ph.filesz > e->file.n - ph.off)
			return KS_ECORRUPT;
		avail = ph.filesz - (addr - ph.vaddr);
		return ks_rd_sub(&e->file, (size_t)(ph.off + (addr - ph.vaddr)),
			(size_t)(n < avail ? n : avail), out);
	}
	return KS_ENOTFOUND;
}
