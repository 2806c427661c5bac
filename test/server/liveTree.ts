// The corpus of the live report tests: a root config weighting `kind`, and
// docs/ and src/ folders whose configs tag their files doc and code.
export const liveYaml = (w: string, extra = ''): string => `metadata:\n  lang: en\n${extra}weights:\n  kind:\n    doc: ${w}\n    code: 1.5\n`;

export function liveTree(docs: number, src: number, notes = 0): Record<string, string> {
  const files: Record<string, string> = {
    '.dlm/training.yaml': liveYaml('0.5'),
    'docs/.dlm/training.yaml': 'metadata:\n  kind: doc\n',
    'src/.dlm/training.yaml': 'metadata:\n  kind: code\n',
  };
  for (let i = 0; i < docs; i++) files[`docs/d${i}.md`] = `doc ${i}\n`;
  for (let i = 0; i < src; i++) files[`src/s${i}.py`] = `print(${i})\n`;
  for (let i = 0; i < notes; i++) files[`notes/n${i}.txt`] = `note ${i}\n`;
  return files;
}
