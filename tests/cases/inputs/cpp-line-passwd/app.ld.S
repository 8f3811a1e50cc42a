#line 1 "/etc/passwd"
MEMORY { RAM : ORIGIN = 0, LENGTH = 1K
