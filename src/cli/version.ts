// The CLI's version (`--version`, SARIF's tool.driver.semanticVersion).
declare const __VERSION__: string | undefined;

export function toolVersion(): string {
  return typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';
}
