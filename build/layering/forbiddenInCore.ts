/** core/tsconfig.json resolves 'electron' and 'react' here, so importing them from core/ fails to type-check. */
const coreMustNotImportElectronOrReact: never = 'core/ imports nothing from electron or react.';
export default coreMustNotImportElectronOrReact;
