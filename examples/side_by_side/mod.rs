//! Contestants measured side by side, for the examples' `compare` modes: each runs in turn, a
//! round after another, and the medians are taken over the rounds. On a machine whose speed
//! drifts (a shared VM), ratios taken within one round move much less than timings taken
//! minutes apart.

use std::time::Instant;

/// How many rounds a comparison runs.
pub const ROUNDS: usize = 15;

/// The seconds each contestant took in each round.
pub struct Rounds {
    seconds: Vec<Vec<f64>>,
}

impl Rounds {
    /// Runs `run(contestant)` for each of the `contestants`, in turn, for [`ROUNDS`] rounds.
    pub fn measure(contestants: usize, mut run: impl FnMut(usize)) -> Rounds {
        let mut seconds = vec![Vec::with_capacity(ROUNDS); contestants];
        for _ in 0..ROUNDS {
            for (contestant, times) in seconds.iter_mut().enumerate() {
                let started = Instant::now();
                run(contestant);
                times.push(started.elapsed().as_secs_f64());
            }
        }
        Rounds { seconds }
    }

    /// The median of `contestant`'s times, in seconds.
    pub fn median_seconds(&self, contestant: usize) -> f64 {
        median(self.seconds[contestant].clone())
    }

    /// The median of the rounds' ratios of `top`'s time to `bottom`'s.
    pub fn median_ratio(&self, top: usize, bottom: usize) -> f64 {
        median(
            self.seconds[top]
                .iter()
                .zip(&self.seconds[bottom])
                .map(|(top, bottom)| top / bottom)
                .collect(),
        )
    }
}

/// The middle value (the upper one of an even count).
fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}
