/*
 * xml: the reader CMSIS pack descriptions go through.  Well-formed
 * documents give their elements, attributes (references replaced, blanks
 * normalised), own text and positions; each kind of malformed document is
 * refused at the place libxml2 names, with its wording where libxml2 has
 * one; every prefix of a real pack is refused or read without reading
 * past its end.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "util.h"
#include "xml.h"

static const struct xml_node *parse(struct arena *a, const char *text,
				    struct xml_error *e)
{
	return xml_parse(a, text, strlen(text), e);
}

START_TEST(elements_and_attributes)
{
	struct arena a = {0};
	struct xml_error e = {0};
	const char *doc =
		"\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<!DOCTYPE package [ <!ENTITY x \"]>\"> ]>\n"
		"<!-- a comment -->\n"
		"<package a='1'>\n"
		"  <vendor>Keil &amp; co<!-- c --> &#x41;&#66;</vendor>\n"
		"  <memory name=\"Flash\"\n"
		"          start=\"0x0800&#x30;000\" note=\"a\tb\r\nc\"/>\n"
		"  <name><![CDATA[<raw> & ]]></name><?pi stuff?>\n"
		"</package>\n";
	const struct xml_node *r = parse(&a, doc, &e);
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(r->name, "package");
	ck_assert_uint_eq(r->line, 4);
	ck_assert_uint_eq(r->col, 1);
	ck_assert_str_eq(xml_attr(r, "a")->value, "1");
	const struct xml_node *v = r->children;
	ck_assert_str_eq(v->name, "vendor");
	ck_assert_str_eq(v->text, "Keil & co AB");
	ck_assert_uint_eq(v->line, 5);
	ck_assert_uint_eq(v->col, 3);
	const struct xml_node *m = v->next;
	ck_assert_str_eq(m->name, "memory");
	const struct xml_attr *s = xml_attr(m, "start");
	ck_assert_str_eq(s->value, "0x08000000");
	ck_assert_uint_eq(s->line, 7);
	ck_assert_uint_eq(s->col, 11);
	ck_assert_str_eq(xml_attr(m, "note")->value, "a b c");
	ck_assert_ptr_null(xml_attr(m, "size"));
	ck_assert_str_eq(m->text, "");
	const struct xml_node *n = m->next;
	ck_assert_str_eq(n->text, "<raw> & ");
	ck_assert_ptr_null(n->next);
	arena_free(&a);
}
END_TEST

START_TEST(eight_bit_encoding)
{
	struct arena a = {0};
	struct xml_error e = {0};
	const char *latin1 = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"
			     "<p d=\"25\xB0" "C\"/>";
	ck_assert_ptr_nonnull(parse(&a, latin1, &e));
	const char *utf8 = "<?xml version=\"1.0\"?><p d=\"25\xB0" "C\"/>";
	ck_assert_ptr_null(parse(&a, utf8, &e));
	ck_assert_uint_eq(e.line, 1);
	ck_assert_uint_eq(e.col, 30);
	ck_assert(strstr(e.message, "not proper UTF-8"));
	arena_free(&a);
}
END_TEST

/* Each malformed document, where its error is and how it starts. */
static const struct {
	const char *doc;
	unsigned line, col;
	const char *message;
} malformed[] = {
	{"", 1, 1, "Document is empty"},
	{"  \n ", 2, 2, "Document is empty"},
	{"x<a/>", 1, 1, "Start tag expected"},
	{"<a>\n<b></a>", 2, 8, "Opening and ending tag mismatch: b line 2 and a"},
	{"<a>", 1, 4, "Premature end of data in tag a line 1"},
	{"<a/><b/>", 1, 5, "Extra content at the end of the document"},
	{"<a x=\"1\" x=\"2\"/>", 1, 15, "Attribute x redefined"},
	{"<a x=1/>", 1, 6, "AttValue: \" or ' expected"},
	{"<a x=\"<\"/>", 1, 7, "Unescaped '<' not allowed"},
	{"<a x/>", 1, 5, "Specification mandates value for attribute x"},
	{"<a x=\"1\"y=\"2\"/>", 1, 9, "attributes construct error"},
	{"<a>&nbsp;</a>", 1, 4, "Entity 'nbsp' not defined"},
	{"<a>&#0;</a>", 1, 4, "xmlParseCharRef: invalid xmlChar value 0"},
	{"<a>&#xZ;</a>", 1, 4, "CharRef: invalid hexadecimal value"},
	{"<a>\x01</a>", 1, 4, "Char 0x1 out of allowed range"},
	{"<a><!-- x -- y --></a>", 1, 11, "Double hyphen within comment"},
	{"<a><!-- x </a>", 1, 4, "Comment not terminated"},
	{"<a><![CDATA[ x </a>", 1, 4, "CData section not terminated"},
	{"<a><?xml x?></a>", 1, 4, "XML declaration allowed only at the start"},
	{"<?xml encoding=\"UTF-8\"?><a/>", 1, 7, "Malformed declaration expecting version"},
	{"<?xml version=\"1.&amp;0\"?><a/>", 1, 18, "parsing XML declaration"},
	{"<?xml version=\"1.0\" encoding=\"UTF-16\"?><a/>", 1, 21, "the file is in a 16- or 32-bit"},
	{"<?xml version=\"1.0\" encoding=\"EBCDIC\"?><a/>", 1, 21, "Unsupported encoding EBCDIC"},
	{"<1a/>", 1, 2, "StartTag: invalid element name"},
	{"<a x=\"1\"", 1, 9, "Couldn't find end of Start Tag a line 1"},
};

START_TEST(malformed_documents)
{
	struct arena a = {0};
	struct xml_error e = {0};
	for (size_t i = 0; i < sizeof malformed / sizeof malformed[0]; i++) {
		const struct xml_node *r = parse(&a, malformed[i].doc, &e);
		ck_assert_msg(!r, "accepted: %s", malformed[i].doc);
		ck_assert_msg(!strncmp(e.message, malformed[i].message,
				       strlen(malformed[i].message)),
			      "%s: said '%s'", malformed[i].doc, e.message);
		ck_assert_msg(e.line == malformed[i].line && e.col == malformed[i].col,
			      "%s: at %u:%u, not %u:%u", malformed[i].doc, e.line,
			      e.col, malformed[i].line, malformed[i].col);
	}
	arena_free(&a);
}
END_TEST

START_TEST(nesting_is_bounded)
{
	struct arena a = {0};
	struct xml_error e = {0};
	struct strbuf sb = {0};
	for (int i = 0; i < 300; i++)
		sb_puts(&sb, "<a>");
	ck_assert_ptr_null(parse(&a, sb.buf, &e));
	ck_assert(strstr(e.message, "Excessive depth"));
	sb_free(&sb);
	arena_free(&a);
}
END_TEST

/* Every prefix of a real pack (ASan and valgrind see any read past the
 * end: each prefix is a copy of its own length). */
START_TEST(every_prefix)
{
	const char *cands[] = {"tests/pdsc/ARM.CMSIS.pdsc", "../tests/pdsc/ARM.CMSIS.pdsc"};
	size_t len = 0;
	char *text = NULL;
	for (size_t i = 0; i < 2 && !text; i++)
		text = read_file(cands[i], &len);
	ck_assert_ptr_nonnull(text);
	size_t accepted = 0;
	for (size_t n = 0;; n += 1 + n / 64) {
		if (n > len)
			n = len;
		struct arena a = {0};
		struct xml_error e;
		char *copy = xmalloc(n + 1);
		memcpy(copy, text, n);
		copy[n] = '\0';
		if (xml_parse(&a, copy, n, &e))
			accepted++;
		else
			ck_assert_uint_gt(strlen(e.message), 0);
		free(copy);
		arena_free(&a);
		if (n == len)
			break;
	}
	/* the whole file at least */
	ck_assert_uint_ge(accepted, 1);
	free(text);
}
END_TEST

Suite *xml_suite(void)
{
	Suite *s = suite_create("xml");
	TCase *tc = tcase_create("xml");
	tcase_add_test(tc, elements_and_attributes);
	tcase_add_test(tc, eight_bit_encoding);
	tcase_add_test(tc, malformed_documents);
	tcase_add_test(tc, nesting_is_bounded);
	tcase_add_test(tc, every_prefix);
	suite_add_tcase(s, tc);
	return s;
}
