// The patterns dlm excludes unless the deepest loaded config sets
// `exclude_defaults: false` (semantics.md §3). Matched like any other glob
// against the path relative to the source root.
export const DEFAULT_EXCLUDES: readonly string[] = [
  '.git/**', '.hg/**', '.svn/**', '.env', '.env.*', '**/.env', '**/.env.*',
  '**/id_rsa', '**/id_ed25519', '**/*.pem', '**/*.key', '**/secrets.*',
  '**/__pycache__/**', '**/*.pyc', '**/*.pyo', '.venv/**', 'venv/**', '.tox/**',
  'node_modules/**', '**/*.min.js', '**/*.min.css', '**/*.map', 'target/**',
  '**/*.rlib', '**/*.class', '**/*.jar', '**/*.o', '**/*.so', '**/*.dylib',
  '**/*.dll', 'build/**', 'dist/**', '__generated__/**', 'generated/**',
  '**/package-lock.json', '**/yarn.lock', '**/pnpm-lock.yaml', '**/Cargo.lock',
  '**/uv.lock', '**/poetry.lock', '**/Pipfile.lock', '**/*.ico', '**/*.pdf',
  '**/*.zip', '**/*.tar', '**/*.gz', '**/*.xz', '**/*.bz2', '**/*.7z',
  '**/*.wasm', '.dlm/**', '**/.dlm/**',
];

export const IMAGE_SUFFIXES = new Set(['.png', '.jpg', '.jpeg', '.webp', '.gif', '.bmp', '.tiff']);
export const AUDIO_SUFFIXES = new Set(['.wav', '.flac', '.ogg']);

/** Python's `Path(name).suffix.lower()`: '' for dotfiles like `.png` and names ending in '.'. */
export function pySuffix(name: string): string {
  const i = name.lastIndexOf('.');
  if (i <= 0 || i === name.length - 1) return '';
  return name.slice(i).toLowerCase();
}
