// Poseidon of width 3 on the device: TreeC columns of 2-layer sectors (arity 2).
#define TESSERA_POSEIDON_WIDTH 3
#include "gpu/cuda/poseidon_width_module.cuh"
