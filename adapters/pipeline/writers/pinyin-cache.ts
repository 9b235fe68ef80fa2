import { pinyinOf } from '../../../core/identity/person-name';

/**
 * Pinyin of member names, remembered: conversion is the costliest step of a member view, and
 * common names repeat. Bounded by generations rather than by clearing everything at a size: a
 * name found in the older generation moves to the current one, and when the current one is full
 * the older one is dropped whole. The names in use stay; at most 2 × GENERATION entries are held,
 * however many distinct names a province has (164,000 at scale 0.1; the former 200,000-entry map
 * was some 40 MB of the ingest's heap).
 */
const GENERATION = 25_000;

type Pinyin = { full: string; initials: string };
let current = new Map<string, Pinyin>();
let older = new Map<string, Pinyin>();

export function cachedPinyin(name: string): Pinyin {
  let p = current.get(name);
  if (p) return p;
  p = older.get(name) ?? pinyinOf(name);
  if (current.size >= GENERATION) {
    older = current;
    current = new Map();
  }
  current.set(name, p);
  return p;
}
