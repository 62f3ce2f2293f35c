package com.bi.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import com.bi.common.data.EmbeddedDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's database, started for real: the address its URL names, and its data across a restart. */
class ZonkyPostgresTest {
    @TempDir
    Path dir;

    @Test
    void itsUrlNamesTheLoopbackAddressByNumberAndItsDataSurvivesARestart() throws SQLException {
        Path data = dir.resolve("postgres");
        EmbeddedDatabase first = new ZonkyPostgres().start(data);
        try {
            assertTrue(first.jdbcUrl().startsWith("jdbc:postgresql://127.0.0.1:"), first.jdbcUrl());
            try (Connection connection = connect(first); Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE kept (v int)");
                statement.execute("INSERT INTO kept VALUES (42)");
            }
        } finally {
            first.close();
        }
        EmbeddedDatabase second = new ZonkyPostgres().start(data);
        try (Connection connection = connect(second); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT v FROM kept")) {
            assertTrue(rows.next(), "the row written before the restart is gone");
            assertEquals(42, rows.getInt(1));
        } finally {
            second.close();
        }
    }

    private static Connection connect(EmbeddedDatabase database) throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
    }
}
