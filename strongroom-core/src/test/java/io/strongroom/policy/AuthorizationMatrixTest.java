package io.strongroom.policy;

import io.strongroom.logical.Operation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorization matrix (issue #7): policies × operations × paths with Vault's decision. vault-compat: every
 * row follows dataplane spec 3.2 (matching and priority) and 3.3 (capabilities and parameter constraints).
 */
class AuthorizationMatrixTest {

    /** The policies the rows combine, by name. */
    private static final Map<String, String> POLICIES = Map.of(
            "base", """
                    # exact, *, + and their combinations
                    path "secret/data/app" { capabilities = ["read"] }
                    path "secret/data/team/*" { capabilities = ["read", "list"] }
                    path "secret/data/+/config" { capabilities = ["read"] }
                    path "plus/+/tail*" { capabilities = ["read"] }
                    path "glob/ab*" { capabilities = ["read"] }
                    path "/lead/slash" { capabilities = ["read"] }
                    path "cu/x" { capabilities = ["create"] }
                    path "patch/upd" { capabilities = ["update"] }
                    path "patch/pat" { capabilities = ["patch"] }
                    path "dd/x" { capabilities = ["read", "deny"] }
                    path "list/dir" { capabilities = ["list"] }
                    path "list3/dir/" { capabilities = ["list"] }
                    path "sudo/path" { capabilities = ["update", "sudo"] }
                    path "nosudo/path" { capabilities = ["update"] }
                    path "legacy/w" { policy = "write" }
                    path "legacy/r" { policy = "read" }
                    path "legacy/s" { policy = "sudo" }
                    path "legacy/d" { policy = "deny" }
                    # a deny glob beaten by a more specific allow, and the reverse
                    path "spec/*" { capabilities = ["deny"] }
                    path "spec/open/*" { capabilities = ["read"] }
                    path "spec/exact" { capabilities = ["read"] }
                    path "rev/*" { capabilities = ["read"] }
                    path "rev/closed/*" { capabilities = ["deny"] }
                    """,
            "priority", """
                    # a: the later first wildcard wins
                    path "a/x/+/z" { capabilities = ["read"] }
                    path "a/+/y/z" { capabilities = ["update"] }
                    path "a2/+/y/z" { capabilities = ["update"] }
                    path "a2/x/y/*" { capabilities = ["read"] }
                    # b: not ending in * wins
                    path "b/+/c" { capabilities = ["read"] }
                    path "b/+/c*" { capabilities = ["update"] }
                    # c: fewer + segments win
                    path "c/+/+/z" { capabilities = ["update"] }
                    path "c/+/y/z" { capabilities = ["read"] }
                    # d: longer wins
                    path "d/+/ab*" { capabilities = ["read"] }
                    path "d/+/a*" { capabilities = ["update"] }
                    # e: lexicographically greater wins
                    path "e/+/y/+" { capabilities = ["read"] }
                    path "e/+/+/z" { capabilities = ["update"] }
                    # longest * prefix among several
                    path "lp/*" { capabilities = ["read"] }
                    path "lp/deeper/*" { capabilities = ["update"] }
                    """,
            "params", """
                    path "params/required" {
                      capabilities = ["create", "update"]
                      required_parameters = ["name"]
                    }
                    path "params/allowed" {
                      capabilities = ["update"]
                      allowed_parameters = { "color" = ["red", "blu*"], "size" = [] }
                    }
                    path "params/allowed-star" {
                      capabilities = ["update"]
                      allowed_parameters = { "*" = [], "color" = ["red"] }
                    }
                    path "params/denied" {
                      capabilities = ["update"]
                      denied_parameters = { "admin" = [], "role" = ["*root", "sup*"] }
                    }
                    path "params/denied-all" {
                      capabilities = ["update"]
                      denied_parameters = { "*" = [] }
                    }
                    path "params/glob-both" {
                      capabilities = ["update"]
                      allowed_parameters = { "tag" = ["*mid*"] }
                    }
                    path "params/literal-star" {
                      capabilities = ["update"]
                      allowed_parameters = { "x" = ["*"] }
                    }
                    path "params/read" {
                      capabilities = ["read"]
                      allowed_parameters = { "version" = ["1"] }
                    }
                    path "params/lst/*" {
                      capabilities = ["list"]
                      denied_parameters = { "*" = [] }
                    }
                    path "params/del" {
                      capabilities = ["delete"]
                      denied_parameters = { "*" = [] }
                    }
                    """,
            "merge-read", """
                    path "merged/*" { capabilities = ["read", "list"] }
                    path "or/path" { capabilities = ["read"] }
                    path "pm/x" {
                      capabilities = ["update"]
                      allowed_parameters = { "a" = ["1"] }
                    }
                    """,
            "merge-update", """
                    path "or/path" { capabilities = ["update"] }
                    path "pm/x" {
                      capabilities = ["update"]
                      allowed_parameters = { "a" = ["2"], "b" = [] }
                    }
                    """,
            "merge-deny", """
                    path "merged/*" { capabilities = ["deny"] }
                    path "or/path" { capabilities = ["deny"] }
                    """,
            "all", """
                    path "*" { capabilities = ["read"] }
                    """,
            "empty", "");

    @ParameterizedTest(name = "[{index}] {0}: {1} {2} {3} -> allowed={4} sudo={5}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # exact
            base              | READ   | secret/data/app           | -                 | true  | false
            base              | UPDATE | secret/data/app           | -                 | false | false
            base              | READ   | secret/data/app2          | -                 | false | false
            base              | READ   | /secret/data/app          | -                 | true  | false
            base              | READ   | lead/slash                | -                 | true  | false
            # * prefix
            base              | READ   | secret/data/team/a        | -                 | true  | false
            base              | READ   | secret/data/team/a/b/c    | -                 | true  | false
            base              | LIST   | secret/data/team/         | -                 | true  | false
            base              | READ   | secret/data/team          | -                 | false | false
            base              | READ   | secret/data/teamx         | -                 | false | false
            base              | DELETE | secret/data/team/a        | -                 | false | false
            base              | READ   | glob/abc                  | -                 | true  | false
            base              | READ   | glob/ab                   | -                 | true  | false
            base              | READ   | glob/a                    | -                 | false | false
            all               | READ   | anything/at/all           | -                 | true  | false
            all               | UPDATE | anything/at/all           | -                 | false | false
            # + segments
            base              | READ   | secret/data/web/config    | -                 | true  | false
            base              | READ   | secret/data/web/x/config  | -                 | false | false
            base              | READ   | secret/data/config        | -                 | false | false
            base              | UPDATE | secret/data/web/config    | -                 | false | false
            base              | READ   | plus/a/tail               | -                 | true  | false
            base              | READ   | plus/a/tailor/x           | -                 | true  | false
            base              | READ   | plus/a/b                  | -                 | false | false
            # priority a-e among * and + candidates
            priority          | READ   | a/x/y/z                   | -                 | true  | false
            priority          | UPDATE | a/x/y/z                   | -                 | false | false
            priority          | UPDATE | a/q/y/z                   | -                 | true  | false
            priority          | READ   | a2/x/y/z                  | -                 | true  | false
            priority          | UPDATE | a2/x/y/z                  | -                 | false | false
            priority          | READ   | b/x/c                     | -                 | true  | false
            priority          | UPDATE | b/x/c                     | -                 | false | false
            priority          | UPDATE | b/x/cd                    | -                 | true  | false
            priority          | READ   | c/x/y/z                   | -                 | true  | false
            priority          | UPDATE | c/x/y/z                   | -                 | false | false
            priority          | UPDATE | c/x/w/z                   | -                 | true  | false
            priority          | READ   | d/x/abc                   | -                 | true  | false
            priority          | UPDATE | d/x/abc                   | -                 | false | false
            priority          | UPDATE | d/x/ac                    | -                 | true  | false
            priority          | READ   | e/x/y/z                   | -                 | true  | false
            priority          | UPDATE | e/x/y/z                   | -                 | false | false
            priority          | READ   | lp/deeper/x               | -                 | false | false
            priority          | UPDATE | lp/deeper/x               | -                 | true  | false
            priority          | READ   | lp/other                  | -                 | true  | false
            # deny: in the rule, vs a more specific allow, vs a less specific allow
            base              | READ   | dd/x                      | -                 | false | false
            base              | READ   | spec/anything             | -                 | false | false
            base              | READ   | spec/open/x               | -                 | true  | false
            base              | READ   | spec/exact                | -                 | true  | false
            base              | READ   | rev/x                     | -                 | true  | false
            base              | READ   | rev/closed/x              | -                 | false | false
            # identical paths merged across policies: OR, deny wins, parameter maps merged
            merge-read        | READ   | merged/x                  | -                 | true  | false
            merge-read,merge-deny | READ | merged/x                | -                 | false | false
            merge-deny,merge-read | LIST | merged/                 | -                 | false | false
            merge-read        | UPDATE | or/path                   | -                 | false | false
            merge-read,merge-update | UPDATE | or/path             | -                 | true  | false
            merge-read,merge-update | READ | or/path               | -                 | true  | false
            merge-read,merge-update,merge-deny | READ | or/path    | -                 | false | false
            merge-read        | UPDATE | pm/x                      | a=2               | false | false
            merge-read,merge-update | UPDATE | pm/x                | a=1               | true  | false
            merge-read,merge-update | UPDATE | pm/x                | a=2               | true  | false
            merge-read,merge-update | UPDATE | pm/x                | b=anything        | true  | false
            merge-read,merge-update | UPDATE | pm/x                | a=3               | false | false
            # list with and without the trailing slash
            base              | LIST   | list/dir/                 | -                 | true  | false
            base              | READ   | list/dir/                 | -                 | false | false
            base              | LIST   | list3/dir/                | -                 | true  | false
            base              | READ   | list3/dir                 | -                 | false | false
            # create vs update vs patch
            base              | CREATE | cu/x                      | -                 | true  | false
            base              | UPDATE | cu/x                      | -                 | false | false
            base              | PATCH  | patch/upd                 | -                 | false | false
            base              | PATCH  | patch/pat                 | -                 | true  | false
            # legacy policy = "..."
            base              | CREATE | legacy/w                  | -                 | true  | false
            base              | DELETE | legacy/w                  | -                 | true  | false
            base              | LIST   | legacy/w/                 | -                 | true  | false
            base              | PATCH  | legacy/w                  | -                 | false | false
            base              | LIST   | legacy/r/                 | -                 | true  | false
            base              | UPDATE | legacy/r                  | -                 | false | false
            base              | UPDATE | legacy/s                  | -                 | true  | true
            base              | READ   | legacy/d                  | -                 | false | false
            # sudo
            base              | UPDATE | sudo/path                 | -                 | true  | true
            base              | READ   | sudo/path                 | -                 | false | true
            base              | UPDATE | nosudo/path               | -                 | true  | false
            # parameter constraints
            params            | UPDATE | params/required           | -                 | false | false
            params            | CREATE | params/required           | name=a            | true  | false
            params            | UPDATE | params/required           | other=a           | false | false
            params            | UPDATE | params/allowed            | color=red         | true  | false
            params            | UPDATE | params/allowed            | color=blue        | true  | false
            params            | UPDATE | params/allowed            | color=green       | false | false
            params            | UPDATE | params/allowed            | COLOR=red         | true  | false
            params            | UPDATE | params/allowed            | size=whatever     | true  | false
            params            | UPDATE | params/allowed            | color=red;shape=x | false | false
            params            | UPDATE | params/allowed            | -                 | true  | false
            params            | UPDATE | params/allowed-star       | color=red;other=1 | true  | false
            params            | UPDATE | params/allowed-star       | color=blue        | false | false
            params            | UPDATE | params/denied             | admin=x           | false | false
            params            | UPDATE | params/denied             | role=superuser    | false | false
            params            | UPDATE | params/denied             | role=notroot      | false | false
            params            | UPDATE | params/denied             | role=user;other=x | true  | false
            params            | UPDATE | params/denied-all         | any=x             | false | false
            params            | UPDATE | params/denied-all         | -                 | true  | false
            params            | UPDATE | params/glob-both          | tag=amidb         | true  | false
            params            | UPDATE | params/glob-both          | tag=abc           | false | false
            params            | UPDATE | params/literal-star       | x=anything        | false | false
            params            | UPDATE | params/literal-star       | x=*               | true  | false
            params            | READ   | params/read               | version=2         | false | false
            params            | READ   | params/read               | version=1         | true  | false
            params            | LIST   | params/lst/               | x=1               | true  | false
            params            | DELETE | params/del                | x=1               | true  | false
            # implicit deny
            base              | READ   | nowhere/at/all            | -                 | false | false
            empty             | READ   | secret/data/app           | -                 | false | false
            -                 | READ   | secret/data/app           | -                 | false | false
            # root
            root              | DELETE | sys/anything              | -                 | true  | true
            root,base         | UPDATE | nowhere/at/all            | x=1               | true  | true
            """)
    void evaluate_matrixRow_vaultDecision(String policies, Operation op, String path, String data, boolean allowed,
            boolean sudo) {
        Decision d = acl(policies).evaluate(op, path, data(data));

        assertThat(d.allowed()).as("allowed").isEqualTo(allowed);
        assertThat(d.sudo()).as("sudo").isEqualTo(sudo);
    }

    static Acl acl(String names) {
        if (names == null) {
            return Acl.of(List.of());
        }
        List<Policy> policies = new ArrayList<>();
        for (String n : names.split(",")) {
            if (n.equals("root")) {
                return Acl.root();
            }
            policies.add(Policy.parse(n, POLICIES.get(n)));
        }
        return Acl.of(policies);
    }

    private static Map<String, Object> data(String spec) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (spec != null) {
            for (String kv : spec.split(";")) {
                String[] p = kv.split("=", 2);
                out.put(p[0], p[1]);
            }
        }
        return out;
    }
}
