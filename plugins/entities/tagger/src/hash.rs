//! Fast non-cryptographic hashing (FxHash-style multiply-rotate) for feature keys, gazetteer
//! lookups and the hash maps of the tagger. Deterministic across runs and platforms, so feature
//! keys computed at training time match those computed at run time.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

const K: u64 = 0x517c_c1b7_2722_0a95;

/// One mixing step: folds `x` into the running hash `h`.
#[inline(always)]
#[must_use]
pub fn mix(h: u64, x: u64) -> u64 {
    (h.rotate_left(5) ^ x).wrapping_mul(K)
}

/// A final avalanche so that both the high and the low bits of a key are well spread.
#[inline(always)]
#[must_use]
pub fn finish(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Hashes a byte string, eight bytes at a time.
#[inline]
#[must_use]
pub fn bytes(seed: u64, b: &[u8]) -> u64 {
    let mut h = mix(seed, b.len() as u64);
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = mix(h, u64::from_le_bytes(w));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut w = [0u8; 8];
        w[..rest.len()].copy_from_slice(rest);
        h = mix(h, u64::from_le_bytes(w));
    }
    h
}

/// A feature key: template id and value, avalanched. Never 0 (0 marks an empty table slot).
#[inline(always)]
#[must_use]
pub fn key(template: u32, value: u64) -> u64 {
    finish(mix(mix(0x9e37_79b9_7f4a_7c15, u64::from(template)), value)) | 1
}

/// `std::hash::Hasher` over [`mix`], for `HashMap`s keyed by integers we already hashed.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
    #[inline]
    fn write(&mut self, b: &[u8]) {
        self.0 = bytes(self.0, b);
    }
    #[inline]
    fn write_u64(&mut self, x: u64) {
        self.0 = mix(self.0, x);
    }
    #[inline]
    fn write_u32(&mut self, x: u32) {
        self.0 = mix(self.0, u64::from(x));
    }
    #[inline]
    fn write_usize(&mut self, x: usize) {
        self.0 = mix(self.0, x as u64);
    }
}

/// A `HashMap` with [`FxHasher`].
pub type FxHashMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_stable_and_nonzero() {
        assert_eq!(key(3, bytes(0, b"putin")), key(3, bytes(0, b"putin")));
        assert_ne!(key(3, bytes(0, b"putin")), key(4, bytes(0, b"putin")));
        assert_ne!(bytes(0, b"abcdefgh"), bytes(0, b"abcdefgh\0"));
        assert_eq!(key(0, 0) & 1, 1);
    }
}
