/*
 * number: the one way ldlint reads a size or an address written by a
 * person outside a linker script (device descriptions, .ldlint.yaml,
 * --defsym and other command-line values).
 */
#include <ctype.h>
#include <stddef.h>
#include <stdint.h>

#include "number.h"

bool number_parse(const char *s, uint64_t *v, const char **why)
{
	const char *p = s;
	uint64_t x = 0;
	int base = 10;
	*why = NULL;
	if (*p == '\0') {
		*why = "is empty";
		return false;
	}
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
		if (!isxdigit((unsigned char)*p)) {
			*why = "has no hexadecimal digits after '0x'";
			return false;
		}
	} else if (!isdigit((unsigned char)*p)) {
		*why = "is not a number: write decimal or 0x hexadecimal, "
		       "optionally followed by K or M";
		return false;
	} else if (p[0] == '0' && isdigit((unsigned char)p[1])) {
		*why = "has a leading zero; write it without (decimal) or with "
		       "0x (hexadecimal): YAML 1.1 and ld would read it as octal";
		return false;
	}
	for (; *p; p++) {
		int dgt;
		if (isdigit((unsigned char)*p))
			dgt = *p - '0';
		else if (base == 16 && isxdigit((unsigned char)*p))
			dgt = tolower((unsigned char)*p) - 'a' + 10;
		else
			break;
		if (x > (UINT64_MAX - (uint64_t)dgt) / (uint64_t)base) {
			*why = "does not fit in 64 bits";
			return false;
		}
		x = x * (uint64_t)base + (uint64_t)dgt;
	}
	uint64_t mul = 1;
	if (*p == 'K')
		mul = 1024, p++;
	else if (*p == 'M')
		mul = 1024 * 1024, p++;
	if (*p != '\0') {
		*why = *p == 'k' || *p == 'm' ?
		       "has a lower-case suffix; the multipliers are K and M" :
		       "is not a number: write decimal or 0x hexadecimal, "
		       "optionally followed by K or M";
		return false;
	}
	if (mul > 1 && x > UINT64_MAX / mul) {
		*why = "does not fit in 64 bits";
		return false;
	}
	*v = x * mul;
	return true;
}
