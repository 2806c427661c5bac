// Which config file a path names (by name only: no disk access).
export type ConfigKind = 'training.yaml' | 'ignore' | 'training.yml';

/** `.dlm/training.yaml`, `.dlm/ignore` or `.dlm/training.yml`, else null. */
export function configKind(path: string): ConfigKind | null {
  const parts = path.split(/[\\/]/);
  if (parts.length < 2 || parts[parts.length - 2] !== '.dlm') return null;
  const name = parts[parts.length - 1];
  return name === 'training.yaml' || name === 'ignore' || name === 'training.yml' ? name : null;
}

