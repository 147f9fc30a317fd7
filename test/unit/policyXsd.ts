// The XSD validation helper lives with the emulator (emulators/graph/trust-framework-xsd.ts), which runs it as the
// first upload check; the generator's tests use the same one.
export { XSD_PATH, patchedXsd, validatePolicyXml } from '../../emulators/graph/trust-framework-xsd';
