export { philox4x32_10, mulhi32, type Uint32x4, type Uint32x2 } from './philox.ts';
export { PhiloxEngine, TWO_POW_NEG_32, assertUint64 } from './engine.ts';
export { rowUniforms, rowUniformStreams, uniformFromUint32 } from './uniforms.ts';
export { generateUniform, RocrandPhiloxGenerator, ROCRAND_PHILOX_DEFAULT_SEED, MAX_GENERATE_COUNT } from './generate-uniform.ts';
