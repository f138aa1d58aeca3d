//! kabinet's documents: the individual terms (`terms`), the short papers of a loan's life
//! (`paper`: agreements and receipts), and the PDF writer both use (`pdf`). Pure functions of
//! their inputs: the same loan always gives the same bytes, so a document's hash can be signed.

pub mod paper;
pub mod pdf;
pub mod terms;
