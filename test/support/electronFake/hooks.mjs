// Module-resolution hook (node:module register): `import 'electron'` resolves to the fake module.
let fake = '';

export function initialize(data) {
  fake = data.fake;
}

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron') return { url: fake, shortCircuit: true };
  return nextResolve(specifier, context);
}
