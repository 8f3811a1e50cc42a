/* A member nothing references: the link takes the archive whole and
 * --gc-sections drops its code, so the archive has two members in use. */
int dsp_unused(int x)
{
	return x ^ 0x55;
}
