//! The PDF writer of kabinet's documents: a minimal flowing layout on A4 pages (paragraphs of
//! wrapped lines, a frame), in DejaVu Sans so Cyrillic text is embedded. Knows no document.

use krilla::Document;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::page::PageSettings;
use krilla::paint::Stroke;
use krilla::text::{Font, TextDirection};

pub(crate) const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
pub(crate) const MARGIN: f32 = 50.0;

/// A minimal flowing layout on A4 pages: paragraphs of wrapped lines, a frame.
pub(crate) struct Pdf {
    document: Document,
    pages: Vec<Vec<Drawn>>,
    regular: Font,
    bold: Font,
    pub(crate) y: f32,
}

enum Drawn {
    Text {
        x: f32,
        y: f32,
        size: f32,
        text: String,
        bold: bool,
    },
    Frame {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
}

impl Pdf {
    pub(crate) fn new() -> anyhow::Result<Pdf> {
        let font = |bytes: &'static [u8]| {
            Font::new(bytes.into(), 0).ok_or_else(|| anyhow::anyhow!("the PDF font cannot be read"))
        };
        Ok(Pdf {
            document: Document::new(),
            pages: vec![Vec::new()],
            regular: font(dejavu::sans::regular())?,
            bold: font(dejavu::sans::bold())?,
            y: MARGIN,
        })
    }

    fn page(&mut self) -> &mut Vec<Drawn> {
        self.pages
            .last_mut()
            .unwrap_or_else(|| unreachable!("a page is always open"))
    }

    pub(crate) fn text_at(&mut self, x: f32, y: f32, size: f32, text: &str, bold: bool) {
        self.page().push(Drawn::Text {
            x,
            y,
            size,
            text: text.to_owned(),
            bold,
        });
    }

    pub(crate) fn frame(&mut self, x: f32, y: f32, w: f32, h: f32) {
        self.page().push(Drawn::Frame { x, y, w, h });
    }

    /// Wraps `text` to `width` (DejaVu Sans averages under 0.6 em a character) and flows it on,
    /// starting a new page at the bottom margin.
    pub(crate) fn paragraph(&mut self, text: &str, size: f32, bold: bool, width: f32) {
        let per_line = ((width / (size * 0.6)) as usize).max(10);
        let mut lines = vec![String::new()];
        for word in text.split_whitespace() {
            let line = lines
                .last_mut()
                .unwrap_or_else(|| unreachable!("one line at least"));
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > per_line {
                lines.push(word.to_owned());
            } else {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
            }
        }
        for line in lines {
            if self.y + size * 1.4 > PAGE_H - MARGIN {
                self.pages.push(Vec::new());
                self.y = MARGIN;
            }
            self.y += size * 1.4;
            let y = self.y;
            self.text_at(MARGIN, y, size, &line, bold);
        }
        self.y += size * 0.6;
    }

    pub(crate) fn finish(mut self) -> anyhow::Result<Vec<u8>> {
        let settings =
            PageSettings::from_wh(PAGE_W, PAGE_H).ok_or_else(|| anyhow::anyhow!("an A4 page"))?;
        for drawn in std::mem::take(&mut self.pages) {
            let mut page = self.document.start_page_with(settings.clone());
            let mut surface = page.surface();
            for item in drawn {
                match item {
                    Drawn::Text {
                        x,
                        y,
                        size,
                        text,
                        bold,
                    } => surface.draw_text(
                        Point::from_xy(x, y),
                        if bold {
                            self.bold.clone()
                        } else {
                            self.regular.clone()
                        },
                        size,
                        &text,
                        false,
                        TextDirection::Auto,
                    ),
                    Drawn::Frame { x, y, w, h } => {
                        let mut path = PathBuilder::new();
                        if let Some(rect) = Rect::from_xywh(x, y, w, h) {
                            path.push_rect(rect);
                        }
                        if let Some(path) = path.finish() {
                            surface.set_fill(None);
                            surface.set_stroke(Some(Stroke {
                                width: 1.5,
                                ..Default::default()
                            }));
                            surface.draw_path(&path);
                            surface.set_stroke(None);
                        }
                    }
                }
            }
            surface.finish();
            page.finish();
        }
        self.document
            .finish()
            .map_err(|e| anyhow::anyhow!("the PDF cannot be written: {e:?}"))
    }
}
