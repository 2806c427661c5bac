// Images and audio are skipped by name (no blob store for a text base), never read.
import { AUDIO_SUFFIXES, IMAGE_SUFFIXES, pySuffix } from '../defaultExcludes.js';

/** Last letters of the media suffixes (.png .jpg .jpeg .webp .gif .bmp .tiff .wav .flac .ogg), any case: most names end otherwise. */
const MEDIA_LAST = new Set([...'gpfvcGPFVC'].map((c) => c.charCodeAt(0)));

export function mediaKindOfName(name: string): 'image' | 'audio' | null {
  if (!MEDIA_LAST.has(name.charCodeAt(name.length - 1))) return null;
  const suffix = pySuffix(name);
  if (suffix === '') return null;
  return IMAGE_SUFFIXES.has(suffix) ? 'image' : AUDIO_SUFFIXES.has(suffix) ? 'audio' : null;
}

export function isMediaName(name: string): boolean {
  return mediaKindOfName(name) !== null;
}
