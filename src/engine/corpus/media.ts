// Images and audio are skipped by name (no blob store for a text base), never read.
import { AUDIO_SUFFIXES, IMAGE_SUFFIXES, pySuffix } from '../defaultExcludes.js';

export function mediaKindOfName(name: string): 'image' | 'audio' | null {
  const suffix = pySuffix(name);
  if (suffix === '') return null;
  return IMAGE_SUFFIXES.has(suffix) ? 'image' : AUDIO_SUFFIXES.has(suffix) ? 'audio' : null;
}

export function isMediaName(name: string): boolean {
  return mediaKindOfName(name) !== null;
}
