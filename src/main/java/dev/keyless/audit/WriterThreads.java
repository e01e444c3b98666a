package dev.keyless.audit;

/** Stopping an audit writer's thread from {@code close()}. */
final class WriterThreads {
    private WriterThreads() {}

    /**
     * Waits until {@code writer} has ended, even if interrupted meanwhile: close() must not return
     * while the writer may still commit. The interrupt is kept for the caller (its flag set again).
     */
    static void joinUninterruptibly(Thread writer) {
        boolean interrupted = false;
        while (writer.isAlive()) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
