// Poseidon of width 12 on the device: TreeC columns of 11-layer sectors (arity 11).
#define TESSERA_POSEIDON_WIDTH 12
#include "gpu/cuda/poseidon_width_module.cuh"
