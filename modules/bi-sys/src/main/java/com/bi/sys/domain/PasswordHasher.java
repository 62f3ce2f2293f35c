package com.bi.sys.domain;

/** One-way password hashing (Argon2id in production). */
public interface PasswordHasher {
    String hash(String password);

    boolean verify(String password, String hash);

    /** Spends the time of one verification, so an unknown username answers as slowly as a wrong password. */
    void dummyVerify(String password);
}
