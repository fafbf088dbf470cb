/** Ambient types for Vite's client: CSS imports, asset URLs and `import.meta.env` in the renderer. */
/// <reference types="vite/client" />
