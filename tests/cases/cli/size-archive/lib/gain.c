int gain_apply(int x, int gain)
{
	return x * gain / 256;
}
