/* A member nothing references: ld leaves it in the archive. */
int dsp_unused(int x)
{
	return x ^ 0x55;
}
