// Poseidon of width 9 on the device: tree rows of TreeC and TreeRLast (arity 8).
#define TESSERA_POSEIDON_WIDTH 9
#include "gpu/cuda/poseidon_width_module.cuh"
