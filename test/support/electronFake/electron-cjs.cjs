// CommonJS `require('electron')` in the harness (register.ts redirects it here): the same fake
// module object the ES module `electron` is, set by electron.ts when it loads.
module.exports = globalThis.__rnnStudioFakeElectron;
