package dev.keyless.ci;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a job's scripts in bash the way GitLab Runner's shell executor does
 * (https://docs.gitlab.com/ee/ci/yaml/#script, #before_script, #after_script): {@code before_script}
 * and {@code script} in one shell with {@code set -eo pipefail}, each command echoed as
 * {@code $ command} before it runs, the first failing command failing the job; {@code after_script}
 * in a new shell, always, with {@code CI_JOB_STATUS} set, its failure not changing the job's status
 * and its run bounded to 5 minutes; the job's timeout stopping the job.
 */
public final class ShellJobRunner {
    /** GitLab Runner's after_script timeout. */
    static final Duration AFTER_SCRIPT_TIMEOUT = Duration.ofMinutes(5);

    /** {@code exitCode} of the main script, -1 when it timed out. */
    public record Result(boolean succeeded, int exitCode, boolean timedOut, int afterScriptExitCode) {}

    private ShellJobRunner() {}

    public static Result run(CiJob job, Path dir, Map<String, String> env, Duration timeout, PrintWriter log, Path workFolder)
            throws IOException, InterruptedException {
        List<String> main = new java.util.ArrayList<>(job.beforeScript());
        main.addAll(job.script());
        log.println("Executing \"step_script\" stage of the job script");
        log.flush();
        int exit;
        boolean timedOut = false;
        Outcome outcome = shell(script(main), dir, env, timeout, log, workFolder.resolve("step_script.sh"));
        exit = outcome.exit();
        timedOut = outcome.timedOut();
        boolean ok = exit == 0 && !timedOut;
        int afterExit = 0;
        if (!job.afterScript().isEmpty()) {
            log.println("Running after_script");
            log.flush();
            Map<String, String> afterEnv = new java.util.HashMap<>(env);
            afterEnv.put("CI_JOB_STATUS", ok ? "success" : timedOut ? "canceled" : "failed");
            Outcome after = shell(script(job.afterScript()), dir, afterEnv, AFTER_SCRIPT_TIMEOUT, log,
                    workFolder.resolve("after_script.sh"));
            afterExit = after.timedOut() ? -1 : after.exit();
            if (afterExit != 0) {
                log.println("WARNING: after_script failed, but job will continue unaffected: "
                        + (after.timedOut() ? "timed out after " + AFTER_SCRIPT_TIMEOUT.toMinutes() + "m" : "exit code " + afterExit));
            }
        }
        if (ok) {
            log.println("Job succeeded");
        } else if (timedOut) {
            log.println("ERROR: Job failed: execution took longer than " + timeout.toSeconds() + " seconds");
        } else {
            log.println("ERROR: Job failed: exit code " + exit);
        }
        log.flush();
        return new Result(ok, timedOut ? -1 : exit, timedOut, afterExit);
    }

    /** Each command is echoed (its first line, as the runner shows a multi-line command) then run. */
    static String script(List<String> commands) {
        StringBuilder s = new StringBuilder("set -eo pipefail\nset +o noclobber\n");
        for (String command : commands) {
            String shown = command.contains("\n") ? command.substring(0, command.indexOf('\n')) + " # collapsed multi-line command" : command;
            s.append("printf '%s\\n' ").append(singleQuoted("$ " + shown)).append('\n');
            s.append(command).append('\n');
        }
        return s.toString();
    }

    private static String singleQuoted(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    private record Outcome(int exit, boolean timedOut) {}

    private static Outcome shell(String script, Path dir, Map<String, String> env, Duration timeout, PrintWriter log,
            Path file) throws IOException, InterruptedException {
        Files.writeString(file, script, StandardCharsets.UTF_8);
        ProcessBuilder pb = new ProcessBuilder("bash", "--noprofile", "--norc", file.toString())
                .directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        Thread pump = Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (log) {
                        log.println(line);
                        log.flush();
                    }
                }
            } catch (IOException e) {
                // the process ended; nothing more to copy
            }
        });
        boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor();
        }
        pump.join(5000);
        return new Outcome(done ? p.exitValue() : -1, !done);
    }
}
