//! The stable feature hash. (The lexicon and feature tables are `rustc_hash::FxHashMap`s: keys
//! are short strings and integers from our own data, so HashDoS resistance is not needed.)

/// FNV-1a 64 of a string: a stable feature hash (the same on every platform and run).
pub fn fnv(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for &b in *p {
            h ^= b as u64;
            h = h.wrapping_mul(0x100_0000_01b3);
        }
        h ^= 0xff;
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    h
}
