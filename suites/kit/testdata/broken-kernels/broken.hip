// A kernel directory whose source does not compile: the run must fail at startup with the compiler's message.
extern "C" __global__ void sampling_from_probs(const float* probs, int* token, int* valid, int batch, int vocab, unsigned long long seed, unsigned long long offset) {
  this is not C++;
}
