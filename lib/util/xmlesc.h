/*
 * xmlesc.h - writing untrusted text into XML and HTML documents.
 *
 * Report text (titles, descriptions, package names) comes from feeds and images and may
 * hold markup, control bytes or broken UTF-8. ks_xml_esc() writes it so that it can only
 * ever be character data: the markup characters become entities, and everything XML 1.0
 * cannot carry (control characters other than tab/LF/CR, U+FFFE/U+FFFF, surrogates,
 * invalid or overlong UTF-8) becomes U+FFFD. The output is also safe HTML text and safe
 * inside a double- or single-quoted HTML attribute.
 */
#ifndef KS_UTIL_XMLESC_H
#define KS_UTIL_XMLESC_H

#include <stdbool.h>
#include <stdio.h>

/* Writes s (NULL = "") escaped to f. With attr, tab, LF and CR are written as character
 * references too, so an attribute value keeps them (parsers turn literal ones into
 * spaces). Returns 0, or KS_EIO when f reports a write error. */
int ks_xml_esc(FILE *f, const char *s, bool attr);

#endif
