//! The byte offset of every char of a text, in 1.125 bytes per char instead of a `u32` each:
//! the byte offset of every [`BLOCK`]th char, and each char's distance in bytes from the
//! start of its block (at most 31 chars of at most 4 bytes: under 128, so a `u8`). Both
//! directions cost a few loads; char → byte is two.

/// Chars per block.
const BLOCK: usize = 32;
const SHIFT: u32 = BLOCK.trailing_zeros();

/// Byte offsets of the chars of one text, and of its end.
#[derive(Debug, Clone, Default)]
pub struct ByteOffsets {
    /// Byte offset of char `i * BLOCK`.
    blocks: Vec<u32>,
    /// Byte offset of each char (and of the end) minus its block's.
    deltas: Vec<u8>,
}

impl ByteOffsets {
    /// The offsets of `text`'s chars, and of its end; `on_char(char offset, char)` sees every
    /// char on the way. `text` must be shorter than `u32::MAX` bytes.
    pub fn new(text: &str, mut on_char: impl FnMut(usize, char)) -> Self {
        let n = text.chars().count();
        let mut blocks = Vec::with_capacity(n / BLOCK + 1);
        let mut deltas = Vec::with_capacity(n + 1);
        let mut push = |i: usize, b: usize| {
            if i.is_multiple_of(BLOCK) {
                blocks.push(b as u32);
            }
            deltas.push((b - *blocks.last().expect("a block was opened") as usize) as u8);
        };
        for (i, (b, c)) in text.char_indices().enumerate() {
            push(i, b);
            on_char(i, c);
        }
        push(n, text.len());
        ByteOffsets { blocks, deltas }
    }

    /// Number of chars (the end's entry aside).
    pub fn chars(&self) -> usize {
        self.deltas.len() - 1
    }

    /// The byte offset of char `ch` (`ch` ≤ [`ByteOffsets::chars`]).
    #[inline]
    pub fn byte(&self, ch: usize) -> usize {
        self.blocks[ch >> SHIFT] as usize + self.deltas[ch] as usize
    }

    /// The last char starting at or before byte `byte` (the number of chars for a byte at
    /// or past the end).
    pub fn char_at(&self, byte: usize) -> usize {
        let block = self.blocks.partition_point(|&b| b as usize <= byte).saturating_sub(1);
        let start = block << SHIFT;
        let end = (start + BLOCK).min(self.deltas.len());
        let base = self.blocks[block] as usize;
        let within = self.deltas[start..end].partition_point(|&d| base + d as usize <= byte);
        start + within.saturating_sub(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The table as it was: one `u32` per char and the end.
    fn plain(text: &str) -> Vec<usize> {
        text.char_indices().map(|(b, _)| b).chain([text.len()]).collect()
    }

    proptest! {
        #[test]
        fn equals_a_table_of_every_offset(text in "[a-z一-龥😀é\u{301}\n]{0,200}") {
            let full = plain(&text);
            let compact = ByteOffsets::new(&text, |_, _| {});
            prop_assert_eq!(compact.chars(), full.len() - 1);
            for (ch, &b) in full.iter().enumerate() {
                prop_assert_eq!(compact.byte(ch), b);
            }
            for byte in 0..=text.len() + 2 {
                let want = match full.binary_search(&byte.min(text.len())) {
                    Ok(i) => i,
                    Err(i) => i - 1,
                };
                prop_assert_eq!(compact.char_at(byte), want, "byte {}", byte);
            }
        }
    }

    #[test]
    fn four_byte_chars_fill_a_block() {
        let text = "😀".repeat(3 * BLOCK + 5);
        let o = ByteOffsets::new(&text, |_, _| {});
        assert_eq!(o.byte(BLOCK - 1), 4 * (BLOCK - 1));
        assert_eq!(o.byte(3 * BLOCK + 5), text.len());
        assert_eq!(o.char_at(4 * BLOCK + 2), BLOCK);
        assert_eq!(ByteOffsets::new("", |_, _| {}).char_at(0), 0);
    }
}
