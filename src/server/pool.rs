//! A bounded pool of blocking workers: `workers` jobs at a time and at most `queue` more
//! waiting; beyond that a job is refused at once ("busy"), so a flood of CPU-heavy requests
//! (password hashes, picture decodes) waits in a short line or is turned away, and never starves
//! the rest of the server.

use std::sync::Arc;

use tokio::sync::Semaphore;

#[derive(Debug, thiserror::Error)]
pub enum PoolError {
    /// Every worker is busy and the queue is full: answer 503 with Retry-After.
    #[error("the pool is saturated")]
    Busy,
    #[error("a pool worker failed: {0}")]
    Failed(String),
}

#[derive(Clone)]
pub struct Pool {
    workers: Arc<Semaphore>,
    admission: Arc<Semaphore>,
}

impl Pool {
    pub fn new(workers: usize, queue: usize) -> Self {
        let workers = workers.max(1);
        Pool {
            workers: Arc::new(Semaphore::new(workers)),
            admission: Arc::new(Semaphore::new(workers + queue)),
        }
    }

    /// True when no job could be admitted now: a request can be refused before any other work.
    pub fn is_saturated(&self) -> bool {
        self.admission.available_permits() == 0
    }

    /// Runs `work` on a blocking thread once a worker is free, or refuses it when the line is
    /// full.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, PoolError> {
        let _admitted = self
            .admission
            .clone()
            .try_acquire_owned()
            .map_err(|_| PoolError::Busy)?;
        let _worker = self
            .workers
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| PoolError::Busy)?;
        tokio::task::spawn_blocking(work)
            .await
            .map_err(|e| PoolError::Failed(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_job_beyond_the_workers_and_the_queue_is_refused_at_once() {
        let pool = Pool::new(1, 1);
        let (release, wait) = mpsc::channel::<()>();
        let (started, running) = mpsc::channel::<()>();
        let busy = pool.clone();
        let first = tokio::spawn(async move {
            busy.run(move || {
                let _ = started.send(());
                let _ = wait.recv();
                1
            })
            .await
        });
        running.recv().expect("the first job runs");
        // The second waits in the queue; the third finds the line full.
        let queued = pool.clone();
        let second = tokio::spawn(async move { queued.run(|| 2).await });
        while pool.admission.available_permits() > 0 {
            tokio::task::yield_now().await;
        }
        assert!(pool.is_saturated());
        assert!(matches!(pool.run(|| 3).await, Err(PoolError::Busy)));
        release.send(()).expect("release");
        assert_eq!(first.await.expect("joined").expect("ran"), 1);
        assert_eq!(second.await.expect("joined").expect("ran"), 2);
        assert!(!pool.is_saturated());
    }
}
