package com.bi.basic.data;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.bi.basic.domain.Product;
import com.bi.basic.domain.ProductDraft;
import com.bi.basic.domain.Sku;
import com.bi.basic.domain.Status;
import com.bi.common.crud.CrudRepository;
import com.bi.common.crud.Page;
import com.bi.common.crud.PageRequest;
import com.bi.common.data.Jdbc;

/** Products and their SKUs in PostgreSQL; a product and its SKU list are written in one transaction. */
public final class JdbcProductRepository implements CrudRepository<Product, ProductDraft> {
    private static final String COLUMNS = "id, code, name, category_id, status, version, created_at, updated_at";
    private static final Map<String, String> FILTERS = Map.of("category_id", "category_id", "status", "status", "code", "code");

    private final Jdbc jdbc;

    public JdbcProductRepository(Jdbc jdbc) {
        this.jdbc = jdbc
                .conflictMessage("products_code_unique", "a product with this code already exists")
                .conflictMessage("product_skus_code_unique", "one of the SKU codes is already used by another product");
    }

    @Override
    public Product insert(String tenantId, ProductDraft d) {
        return jdbc.inTransaction(() -> {
            long id = jdbc.one("INSERT INTO products (tenant_id, code, name, category_id, status) VALUES (?, ?, ?, ?, ?)"
                    + " RETURNING id", row -> row.getLong(1), tenantId, d.code(), d.name(), d.categoryId(), d.status()).orElseThrow();
            writeSkus(tenantId, id, d.skus());
            return find(tenantId, id).orElseThrow();
        });
    }

    @Override
    public Optional<Product> find(String tenantId, long id) {
        return jdbc.one("SELECT " + COLUMNS + " FROM products WHERE tenant_id = ? AND id = ?", row -> row(row), tenantId, id)
                .map(row -> row.with(skus(tenantId, List.of(row.id())).getOrDefault(row.id(), List.of())));
    }

    @Override
    public Optional<Product> update(String tenantId, long id, long expectedVersion, ProductDraft d) {
        return jdbc.inTransaction(() -> {
            int changed = jdbc.update("UPDATE products SET code = ?, name = ?, category_id = ?, status = ?, version = version + 1,"
                            + " updated_at = now() WHERE tenant_id = ? AND id = ? AND version = ?",
                    d.code(), d.name(), d.categoryId(), d.status(), tenantId, id, expectedVersion);
            if (changed == 0) {
                return Optional.empty();
            }
            jdbc.update("DELETE FROM product_skus WHERE tenant_id = ? AND product_id = ?", tenantId, id);
            writeSkus(tenantId, id, d.skus());
            return find(tenantId, id);
        });
    }

    @Override
    public boolean delete(String tenantId, long id, long expectedVersion) {
        return jdbc.update("DELETE FROM products WHERE tenant_id = ? AND id = ? AND version = ?", tenantId, id, expectedVersion) == 1;
    }

    @Override
    public Page<Product> list(String tenantId, Map<String, Object> filters, PageRequest page) {
        Page<Row> rows = jdbc.page("products", COLUMNS, tenantId, filters, FILTERS, page, JdbcProductRepository::row);
        Map<Long, List<Sku>> skus = skus(tenantId, rows.items().stream().map(Row::id).toList());
        return new Page<>(rows.items().stream().map(r -> r.with(skus.getOrDefault(r.id(), List.of()))).toList(),
                rows.page(), rows.size(), rows.total());
    }

    private void writeSkus(String tenantId, long productId, List<Sku> skus) {
        for (int i = 0; i < skus.size(); i++) {
            Sku sku = skus.get(i);
            jdbc.update("INSERT INTO product_skus (product_id, tenant_id, position, code, name, price) VALUES (?, ?, ?, ?, ?, ?)",
                    productId, tenantId, i, sku.code(), sku.name(), sku.price());
        }
    }

    private Map<Long, List<Sku>> skus(String tenantId, List<Long> productIds) {
        Map<Long, List<Sku>> byProduct = new HashMap<>();
        if (productIds.isEmpty()) {
            return byProduct;
        }
        jdbc.list("SELECT product_id, code, name, price FROM product_skus WHERE tenant_id = ? AND product_id = ANY (?::bigint[])"
                        + " ORDER BY product_id, position",
                row -> {
                    byProduct.computeIfAbsent(row.getLong(1), k -> new ArrayList<>())
                            .add(new Sku(row.getString(2), row.getString(3), row.getBigDecimal(4)));
                    return null;
                }, tenantId, productIds.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).map(s -> "{" + s + "}").orElse("{}"));
        return byProduct;
    }

    private static Row row(ResultSet r) throws SQLException {
        long categoryValue = r.getLong("category_id");
        Long category = r.wasNull() ? null : categoryValue;
        return new Row(r.getLong("id"), r.getString("code"), r.getString("name"), category,
                Status.valueOf(r.getString("status")), r.getLong("version"),
                r.getTimestamp("created_at").toInstant(), r.getTimestamp("updated_at").toInstant());
    }

    private record Row(long id, String code, String name, Long categoryId, Status status, long version,
                       java.time.Instant createdAt, java.time.Instant updatedAt) {
        Product with(List<Sku> skus) {
            return new Product(id, code, name, categoryId, status, skus, version, createdAt, updatedAt);
        }
    }
}
