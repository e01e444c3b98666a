package dev.keyless.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment for a real AWS client (CLI, boto3, SDKs): HOME and the AWS files in a temp
 * folder, us-east-1, no metadata service, no pager — nothing from the developer's setup leaks in,
 * and no cached credential hides a failure.
 */
public final class AwsClientEnv {
    private AwsClientEnv() {}

    public static Map<String, String> clean(Path home) {
        try {
            Files.createDirectories(home.resolve(".aws"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOME", home.toString());
        env.put("AWS_CONFIG_FILE", home.resolve(".aws/config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve(".aws/credentials").toString());
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_PAGER", "");
        String pyenv = System.getenv("PYENV_ROOT");
        env.put("PYENV_ROOT", pyenv != null ? pyenv : "/root/.pyenv");
        return env;
    }
}
