package com.bi.sys.data;

import com.bi.sys.domain.PasswordHasher;
import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/**
 * Argon2id through Password4j, stored in the PHC string format ({@code $argon2id$v=19$m=...}) so the parameters
 * travel with each hash and can be raised later. Defaults follow OWASP: 19 MiB, 2 iterations, 1 lane.
 */
public final class Argon2Hasher implements PasswordHasher {
    private final Argon2Function function;
    private final String dummyHash;

    public Argon2Hasher(int memoryKib, int iterations) {
        this.function = Argon2Function.getInstance(memoryKib, iterations, 1, 32, Argon2.ID, 19);
        this.dummyHash = hash("bi-sys-dummy-password-for-timing");
    }

    @Override
    public String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(function).getResult();
    }

    @Override
    public boolean verify(String password, String hash) {
        if (hash == null || !hash.startsWith("$argon2id$")) {
            return false;
        }
        return Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash));
    }

    @Override
    public void dummyVerify(String password) {
        verify(password, dummyHash);
    }
}
