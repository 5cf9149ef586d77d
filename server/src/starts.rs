//! Where the statements of a document start (and, in [`crate::text::Lines`], its lines), kept
//! so that an edit moves every later one in O(log n): a Fenwick tree over the gaps between
//! consecutive starts. Reading a start, moving all starts from one on, and finding the one at
//! an offset are O(log n); inserting or removing starts rebuilds the tree in O(n) over plain
//! integers.

#[derive(Debug, Default, Clone)]
pub struct Starts {
    /// The Fenwick tree over the gaps between consecutive starts (start `i` minus start
    /// `i - 1`, or start 0 for the first; never negative, since starts never decrease),
    /// 1-based: `tree[0]` is unused. The gaps themselves are not kept: the tree gives them back
    /// in O(n) when it is rebuilt.
    tree: Vec<isize>,
}

impl Starts {
    pub fn new(starts: &[usize]) -> Starts {
        let mut previous = 0;
        let gaps: Vec<isize> = starts
            .iter()
            .map(|&s| {
                let gap = s as isize - previous as isize;
                previous = s;
                gap
            })
            .collect();
        Starts::of_gaps(gaps)
    }

    /// The tree over `gaps`.
    fn of_gaps(gaps: Vec<isize>) -> Starts {
        let mut tree = Vec::with_capacity(gaps.len() + 1);
        tree.push(0);
        tree.extend(gaps);
        let n = tree.len() - 1;
        for at in 1..=n {
            let parent = at + (at & at.wrapping_neg());
            if parent <= n {
                tree[parent] += tree[at];
            }
        }
        Starts { tree }
    }

    /// The gaps the tree sums, taken back out of it (its inverse, in place).
    fn into_gaps(self) -> Vec<isize> {
        let mut gaps = self.tree;
        if gaps.is_empty() {
            return gaps;
        }
        let n = gaps.len() - 1;
        for at in (1..=n).rev() {
            let parent = at + (at & at.wrapping_neg());
            if parent <= n {
                gaps[parent] -= gaps[at];
            }
        }
        gaps.remove(0);
        gaps
    }

    pub fn len(&self) -> usize {
        self.tree.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The start of statement `index`.
    pub fn get(&self, index: usize) -> usize {
        let mut at = index + 1;
        let mut sum = 0;
        while at > 0 {
            sum += self.tree[at];
            at &= at - 1;
        }
        sum as usize
    }

    fn add(&mut self, index: usize, delta: isize) {
        if index >= self.len() || delta == 0 {
            return;
        }
        let mut at = index + 1;
        while at < self.tree.len() {
            self.tree[at] += delta;
            at += at & at.wrapping_neg();
        }
    }

    /// Moves the starts of statement `from` and of every later one by `delta`.
    pub fn shift_from(&mut self, from: usize, delta: isize) {
        self.add(from, delta);
    }

    /// How many statements start at or before `offset`.
    pub fn count_at_or_before(&self, offset: usize) -> usize {
        let n = self.len();
        let mut step = n.next_power_of_two();
        let mut at = 0;
        let mut remaining = offset.min(isize::MAX as usize) as isize;
        while step > 0 {
            let next = at + step;
            if next <= n && self.tree[next] <= remaining {
                at = next;
                remaining -= self.tree[next];
            }
            step >>= 1;
        }
        at
    }

    /// Replaces the statements `range` with statements starting at `new` (sorted, absolute),
    /// the statements after `range` having moved by `delta`.
    pub fn splice(&mut self, range: std::ops::Range<usize>, new: &[usize], delta: isize) {
        if range.len() == new.len() {
            // The common case, a keystroke inside one statement: O(log n) per statement.
            self.shift_from(range.end, delta);
            for (k, &start) in new.iter().enumerate() {
                let index = range.start + k;
                let current = self.get(index) as isize;
                let change = start as isize - current;
                self.add(index, change);
                self.add(index + 1, -change);
            }
            return;
        }
        // Statements come or go: new gaps in place, then the tree again, in O(n).
        let mut previous = match range.start {
            0 => 0,
            start => self.get(start - 1) as isize,
        };
        let mut gaps: Vec<isize> = new
            .iter()
            .map(|&s| {
                let gap = s as isize - previous;
                previous = s as isize;
                gap
            })
            .collect();
        let mut replaced = range.clone();
        if range.end < self.len() {
            gaps.push(self.get(range.end) as isize + delta - previous);
            replaced.end += 1;
        }
        let mut all = std::mem::take(self).into_gaps();
        all.splice(replaced, gaps);
        *self = Starts::of_gaps(all);
    }

    /// Every start, in order (O(n)).
    pub fn all(&self) -> Vec<usize> {
        let mut sum = 0;
        self.clone()
            .into_gaps()
            .into_iter()
            .map(|g| {
                sum += g;
                sum as usize
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_follow_shifts_and_splices_as_a_plain_list_does() {
        let mut plain: Vec<usize> = vec![0, 10, 10, 25, 40, 41, 90];
        let mut starts = Starts::new(&plain);
        let check = |plain: &[usize], starts: &Starts| {
            assert_eq!(starts.all(), plain);
            for (i, &s) in plain.iter().enumerate() {
                assert_eq!(starts.get(i), s);
            }
            for offset in 0..100 {
                let expected = plain.iter().filter(|&&s| s <= offset).count();
                assert_eq!(
                    starts.count_at_or_before(offset),
                    expected,
                    "offset {offset}"
                );
            }
        };
        check(&plain, &starts);
        starts.shift_from(3, 5);
        plain[3..].iter_mut().for_each(|s| *s += 5);
        check(&plain, &starts);
        // Same count: statement 4 moves and 5.. shift by -2.
        starts.splice(4..5, &[44], -2);
        plain[4] = 44;
        plain[5..].iter_mut().for_each(|s| *s -= 2);
        check(&plain, &starts);
        // One statement becomes three, the rest move by 7.
        starts.splice(1..2, &[10, 12, 14], 7);
        plain.splice(1..2, [10, 12, 14]);
        plain[4..].iter_mut().for_each(|s| *s += 7);
        check(&plain, &starts);
        // Everything after the first goes.
        starts.splice(1..plain.len(), &[], 0);
        plain.truncate(1);
        check(&plain, &starts);
        starts.splice(0..1, &[], 0);
        plain.clear();
        check(&plain, &starts);
    }
}
