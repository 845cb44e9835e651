//! The analysis stages. Each reads the [`Doc`](crate::doc::Doc) (and the lexicons) and
//! returns one annotation; [`Analyzer`](crate::analyzer::Analyzer) runs them in this order:
//!
//! | stage | module | creates |
//! |---|---|---|
//! | segment | [`segment`] | the tokens (jieba words with part-of-speech tags), built into the `Doc` |
//! | outline | [`outline`] | the enumeration markers, nested, with each list's lead-in |
//! | kind | [`kind`] | commitment / problem / other for each item and loose sentence, and whether a commitment is checkable |
//! | owner | [`owner`] | the owners (责任主体) of each item: units, roles, people, the speaker |
//! | deadline | [`deadline`] | the time limits (完成时限) of each commitment, with due dates |
//! | responsibility | [`responsibility`] | the holder–duty pairs of the 责任清单, from the owners already found |

pub mod deadline;
pub mod kind;
pub mod outline;
pub mod owner;
pub mod responsibility;
pub mod segment;
