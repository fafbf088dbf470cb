/** Types of generatedKernels.mjs, for the TypeScript Vite configs that use its plugin. */
import type { Plugin } from 'vite';

/** The AssemblyScript sources of the kernels. */
export const KERNELS_SOURCE_DIR: string;
/** The module build/scripts/buildWasm.mjs writes. */
export const KERNELS_GENERATED_FILE: string;
/** A hash of the AssemblyScript sources, written into the generated module as KERNELS_SOURCE_HASH. */
export function kernelsSourceHash(): string;
/** Why the generated module cannot be used, as one line naming the fix; null when it is current. */
export function generatedKernelsProblem(): string | null;
/** For build scripts: prints the problem as `<where>: <problem>` and exits 1; returns when current. */
export function requireGeneratedKernels(where: string): void;
/** Vite plugin: fails the build up front when the generated kernels are missing or stale. */
export function generatedKernelsPlugin(): Plugin;
