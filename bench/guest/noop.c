// Launch-time probe for bench/run: a static program that does nothing.
int main(void) { return 0; }
