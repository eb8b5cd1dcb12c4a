export { Module } from './module.js';
export { functionalCall } from './functional-call.js';
export { Linear } from './linear.js';
export { ReLU, Tanh, Sigmoid, LeakyReLU, GELU, Identity } from './activations.js';
export { Dropout } from './dropout.js';
export { Sequential } from './sequential.js';
export { MLP, type ActivationName } from './mlp.js';
export * as init from './init.js';
export { kaimingUniform, xavierUniform, normal, zeros, uniform } from './init.js';
