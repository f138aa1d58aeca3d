//! Whether the name embossed on a card is the borrower's (PRODUCT.md J2 step 6: the payout card
//! must be the borrower's own). Banks emboss Cyrillic names in more than one way: the passport's
//! ICAO 9303 spelling since 2014 (МАРИЯ → MARIIA), the older ones (MARIYA), the everyday one
//! (MARIA); a first name shortened to its initial; and a line cut at the embosser's width
//! ("ANNA-MARIIA RIMSKAIA-KORS"). All of these are the borrower; another first name or surname
//! is not.

/// A line at least this long may have lost the end of its last word to the embosser's width.
const CUT_LINE: usize = 19;
/// A word cut short keeps at least this many letters.
const CUT_WORD: usize = 4;

/// The Latin spellings of the Cyrillic letters at `word[i..]`, with how many letters each one
/// spells: one letter, or two where a pair has a spelling of its own (ия → IA, кс → X).
fn spellings(word: &[char], i: usize) -> Vec<(&'static str, usize)> {
    let pair: &[&'static str] = match (word[i], word.get(i + 1)) {
        ('и', Some('я')) => &["IA", "YA"],
        ('и', Some('й')) => &["Y", "I", "IY", "II"],
        ('ь', Some('я')) => &["IA", "YA"],
        ('ь', Some('е')) => &["IE", "YE"],
        ('ь', Some('ю')) => &["IU", "YU"],
        ('к', Some('с')) => &["X"],
        _ => &[],
    };
    let one: &[&'static str] = match word[i] {
        'а' => &["A"],
        'б' => &["B"],
        'в' => &["V", "W"],
        'г' => &["G"],
        'д' => &["D"],
        'е' => &["E", "YE"],
        'ё' => &["E", "YO", "IO", "JO"],
        'ж' => &["ZH", "J"],
        'з' => &["Z"],
        'и' => &["I"],
        'й' => &["I", "Y", "J"],
        'к' => &["K"],
        'л' => &["L"],
        'м' => &["M"],
        'н' => &["N"],
        'о' => &["O"],
        'п' => &["P"],
        'р' => &["R"],
        'с' => &["S"],
        'т' => &["T"],
        'у' => &["U"],
        'ф' => &["F"],
        'х' => &["KH", "H"],
        'ц' => &["TS", "TC", "C"],
        'ч' => &["CH"],
        'ш' => &["SH"],
        'щ' => &["SHCH", "SCH"],
        'ъ' => &["IE", ""],
        'ы' => &["Y", "I"],
        'ь' => &["", "I"],
        'э' => &["E"],
        'ю' => &["IU", "YU", "JU"],
        'я' => &["IA", "YA", "JA"],
        // A Latin letter in the name (rare, but lawful) is itself.
        c if c.is_ascii_alphabetic() => return vec![(latin(c), 1)],
        _ => &[""],
    };
    pair.iter()
        .map(|s| (*s, 2))
        .chain(one.iter().map(|s| (*s, 1)))
        .collect()
}

fn latin(c: char) -> &'static str {
    const UPPER: [&str; 26] = [
        "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R",
        "S", "T", "U", "V", "W", "X", "Y", "Z",
    ];
    UPPER[usize::from(c.to_ascii_uppercase() as u8 - b'A')]
}

/// How far `latin` (embossed, upper case) can be read as a spelling of `word` (Cyrillic, lower
/// case): whether all of it spells all of the word, and whether all of it spells a beginning.
fn reads_as(latin: &str, word: &[char]) -> (bool, bool) {
    let (n, m) = (word.len(), latin.len());
    // reached[i][j]: the first i letters of the word spell the first j letters embossed.
    let mut reached = vec![vec![false; m + 1]; n + 1];
    reached[0][0] = true;
    for i in 0..n {
        for j in 0..=m {
            if !reached[i][j] {
                continue;
            }
            for (spelling, letters) in spellings(word, i) {
                if latin[j..].starts_with(spelling) && i + letters <= n {
                    reached[i + letters][j + spelling.len()] = true;
                }
            }
        }
    }
    let whole = reached[n][m];
    let beginning = (0..n).any(|i| reached[i][m]);
    (whole, whole || beginning)
}

/// The words of a name: letters only, in `upper` or lower case, split at spaces and hyphens.
fn words(text: &str, upper: bool) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == '-')
        .map(|w| {
            let letters: String = w.chars().filter(|c| c.is_alphabetic()).collect();
            match upper {
                true => letters.to_uppercase(),
                false => letters.to_lowercase(),
            }
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// Whether the card's holder is the borrower: the borrower's first name (whole, or its initial)
/// and surname, in either order, each word spelled in one of the ways banks emboss; a
/// patronymic or a middle word is tolerated; the last word may be cut short on a full line.
pub fn holder_matches(embossed: &str, first_name: &str, surname: &str) -> bool {
    let card = words(embossed, true);
    let first = words(first_name, false);
    let last = words(surname, false);
    if card.is_empty() || first.is_empty() || last.is_empty() || !card.iter().all(|w| w.is_ascii())
    {
        return false;
    }
    let cut_line = embossed.trim().chars().count() >= CUT_LINE;
    // Whether `name`'s words are the card's words from `at` on; the first name may be one
    // initial; the card's last word may be cut.
    let at = |name: &[String], at: usize, initial: bool| -> bool {
        let chars: Vec<Vec<char>> = name.iter().map(|w| w.chars().collect()).collect();
        if initial
            && let Some(word) = card.get(at)
            && word.len() == 1
        {
            return spellings(&chars[0], 0)
                .iter()
                .any(|(s, _)| s.starts_with(word.as_str()));
        }
        at + chars.len() <= card.len()
            && chars.iter().enumerate().all(|(k, word)| {
                let embossed = &card[at + k];
                let (whole, beginning) = reads_as(embossed, word);
                let last_on_card = at + k == card.len() - 1;
                whole || (cut_line && last_on_card && embossed.len() >= CUT_WORD && beginning)
            })
    };
    let span = |name: &[String], start: usize, initial: bool| match initial
        && card.get(start).is_some_and(|w| w.len() == 1)
    {
        true => 1,
        false => name.len(),
    };
    (0..card.len()).any(|i| {
        (0..card.len()).any(|j| {
            let (first_span, last_span) = (span(&first, i, true), span(&last, j, false));
            let apart = i + first_span <= j || j + last_span <= i;
            apart && at(&first, i, true) && at(&last, j, false)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_passports_spelling_and_the_older_and_everyday_ones_all_match() {
        assert!(holder_matches("IVAN IVANOV", "Иван", "Иванов"));
        assert!(holder_matches("ivanov  ivan", "Иван", "Иванов"));
        for first in ["MARIIA", "MARIA", "MARIYA"] {
            assert!(
                holder_matches(&format!("{first} IVANOVA"), "Мария", "Иванова"),
                "{first}"
            );
        }
        assert!(holder_matches("DMITRY SHCHUKIN", "Дмитрий", "Щукин"));
        assert!(holder_matches("DMITRII SCHUKIN", "Дмитрий", "Щукин"));
        assert!(holder_matches("YURY KHOKHLOV", "Юрий", "Хохлов"));
        assert!(holder_matches("IURII HOHLOV", "Юрий", "Хохлов"));
        assert!(holder_matches("ALEXEY TSOI", "Алексей", "Цой"));
        assert!(holder_matches("ALEKSEI TSOI", "Алексей", "Цой"));
        assert!(holder_matches("NATALYA SOLOVYEVA", "Наталья", "Соловьева"));
        assert!(holder_matches("NATALIA SOLOVEVA", "Наталья", "Соловьёва"));
        assert!(holder_matches("YELENA FEDOROVA", "Елена", "Фёдорова"));
        assert!(holder_matches("ELENA FYODOROVA", "Елена", "Фёдорова"));
        assert!(holder_matches(
            "ANNA RIMSKAIA-KORSAKOVA",
            "Анна",
            "Римская-Корсакова"
        ));
    }

    #[test]
    fn an_initial_and_a_line_cut_at_the_embossers_width_match() {
        assert!(holder_matches("A IVANOVA", "Анна", "Иванова"));
        assert!(holder_matches("A. IVANOVA", "Анна", "Иванова"));
        assert!(holder_matches("Y KHOKHLOV", "Юрий", "Хохлов"));
        assert!(holder_matches(
            "ANNA-MARIIA RIMSKAIA-KORS",
            "Анна-Мария",
            "Римская-Корсакова"
        ));
        assert!(holder_matches(
            "KONSTANTIN KONSTANTINOPOL",
            "Константин",
            "Константинопольский"
        ));
    }

    #[test]
    fn another_person_does_not_match() {
        assert!(!holder_matches("PETR IVANOV", "Иван", "Иванов"));
        assert!(!holder_matches("P IVANOV", "Иван", "Иванов"));
        assert!(!holder_matches("MARIA PETROVA", "Мария", "Иванова"));
        assert!(!holder_matches("IVAN", "Иван", "Иванов"));
        assert!(!holder_matches("", "Иван", "Иванов"));
        assert!(!holder_matches("IVANOV IVANOV", "Иван", "Иванов"));
        // A short line was not cut: a shortened surname there is another one.
        assert!(!holder_matches("IVAN IVANO", "Иван", "Иванов"));
        // Only the card's last word can have been cut.
        assert!(!holder_matches(
            "ANNA-MARIIA RIMSK KORSAKOVA",
            "Анна-Мария",
            "Римская-Корсакова"
        ));
        // Cyrillic on the card is not a spelling banks emboss.
        assert!(!holder_matches("ИВАН ИВАНОВ", "Иван", "Иванов"));
    }
}
