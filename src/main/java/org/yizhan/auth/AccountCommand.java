package org.yizhan.auth;

import io.vertx.core.Future;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.yizhan.AppConfig;
import org.yizhan.db.Await;
import org.yizhan.db.Backup;
import org.yizhan.db.EmbeddedPostgis;
import org.yizhan.http.ApiException;

/**
 * {@code yizhan admin create NAME [--role ROLE]}: creates an account (role admin unless given) in the
 * embedded cluster or the {@code DATABASE_URL} database, migrating the schema first, so that the first
 * admin of a fresh install can sign in. The password is never an argument (ps and shell histories would
 * show it): it is asked twice without echo on a terminal, else read as the first line of standard input.
 * The audit trail records the creation by {@code system:cli}.
 */
public final class AccountCommand {
    /** Who the audit trail says created an account from the command line. */
    static final String ACTOR = "system:cli";

    static final String USAGE = "usage: yizhan admin create NAME [--role admin|editor|planner|viewer]"
            + " (the password is read from standard input or asked for)";

    private AccountCommand() {}

    /**
     * Runs the command; returns the exit status: 0 created, 1 not created (the name is taken, the
     * database failed), 2 a usage, input or configuration error.
     *
     * @param console the terminal to ask on, or null to read the password from {@code in}
     */
    public static int run(
            List<String> args,
            Map<String, String> env,
            Console console,
            InputStream in,
            PrintStream out,
            PrintStream err) {
        if (args.size() < 2 || !args.get(0).equals("create")) {
            err.println(USAGE);
            return 2;
        }
        String name;
        Role role = Role.ADMIN;
        try {
            name = AccountRoutes.name(args.get(1));
            List<String> rest = args.subList(2, args.size());
            if (rest.size() == 2 && rest.get(0).equals("--role") && Role.CODES.contains(rest.get(1))) {
                role = Role.of(rest.get(1));
            } else if (!rest.isEmpty()) {
                err.println(USAGE);
                return 2;
            }
        } catch (ApiException e) {
            err.println("yizhan: " + e.getMessage());
            return 2;
        }
        String password;
        try {
            password = console != null ? ask(console, name) : firstLine(in);
        } catch (IOException | IllegalArgumentException e) {
            err.println("yizhan: cannot read the password: " + e.getMessage());
            return 2;
        }
        String problem =
                password == null ? "no password given (send it on standard input)" : Passwords.problem(password);
        if (problem != null) {
            err.println("yizhan: " + problem);
            return 2;
        }
        String hash = Passwords.hash(password);
        Role chosen = role;
        try {
            AppConfig config = AppConfig.load(env);
            Backup.withPool(
                    config.databaseUrl(),
                    config.dataDir(),
                    30_000,
                    (target, vertx, pool) ->
                            await(new AccountRepository(pool, Clock.systemUTC()).create(name, chosen, hash, ACTOR)));
        } catch (ApiException
                | IllegalArgumentException
                | IllegalStateException
                | EmbeddedPostgis.EmbeddedPostgisException e) {
            return Await.exitStatus(e, err);
        }
        out.println("account " + name + " created with role " + chosen.code() + "; sign in at POST /api/v1/login");
        return 0;
    }

    private static String ask(Console console, String name) {
        char[] first = console.readPassword("Password for %s: ", name);
        char[] again = console.readPassword("Again: ");
        try {
            if (first == null || again == null) {
                return null;
            }
            if (!Arrays.equals(first, again)) {
                throw new IllegalArgumentException("the two passwords differ");
            }
            return new String(first);
        } finally {
            Arrays.fill(first == null ? new char[0] : first, '\0');
            Arrays.fill(again == null ? new char[0] : again, '\0');
        }
    }

    private static String firstLine(InputStream in) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        return r.readLine();
    }

    private static <T> T await(Future<T> f) {
        return Await.result(f, Duration.ofMinutes(2), "the database did not answer in 2 minutes");
    }
}
