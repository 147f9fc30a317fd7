// Lint: typescript-eslint's recommended rules, plus the project's one hard rule (the engine never imports vscode).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'out/', '.cache/', 'node_modules/', 'media/vendor/', '**/*.cjs', 'artifacts/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  // The direction of the house: the product (src, webview-ui) never reaches into the emulators, the sandbox or the
  // tests; the emulators are an independent implementation of Graph, itsme and the sign-in services, so they never
  // import the engine they are meant to check. (ESLint's last matching block wins for a rule, so each block is whole.)
  {
    files: ['src/vscode/**', 'webview-ui/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '(^|/)(emulators|sandbox|test)(/|$)', message: 'The product never imports emulators/, sandbox/ or test/.' }] }] },
  },
  {
    files: ['src/core/**', 'src/wizard/**', 'src/protocol/**', 'src/cli/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'The engine never imports vscode (design.md).' }],
          patterns: [{ regex: '(^|/)(emulators|sandbox|test)(/|$)', message: 'The product never imports emulators/, sandbox/ or test/.' }],
        },
      ],
    },
  },
  {
    files: ['emulators/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '(^|/)(src|sandbox|test)(/|$)', message: 'The emulators never import the product (src/), the sandbox or the tests.' }] }] },
  },
);
