package com.bi.nacos.cli;

import java.util.ArrayList;
import java.util.List;

/** A unified diff of two texts by lines (LCS), with {@code context} unchanged lines around each change. */
final class LineDiff {
    private LineDiff() {
    }

    static String unified(String fromName, String from, String toName, String to, int context) {
        List<String> a = lines(from);
        List<String> b = lines(to);
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        // edit script: ' ' keep, '-' only in a, '+' only in b; with line numbers for the hunk headers
        List<String[]> ops = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                ops.add(new String[] {" ", a.get(i), Integer.toString(i + 1), Integer.toString(j + 1)});
                i++;
                j++;
            } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
                ops.add(new String[] {"-", a.get(i), Integer.toString(i + 1), Integer.toString(j + 1)});
                i++;
            } else {
                ops.add(new String[] {"+", b.get(j), Integer.toString(i + 1), Integer.toString(j + 1)});
                j++;
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("--- ").append(fromName).append('\n').append("+++ ").append(toName).append('\n');
        int k = 0;
        while (k < ops.size()) {
            if (ops.get(k)[0].equals(" ")) {
                k++;
                continue;
            }
            int start = Math.max(0, k - context);
            int end = k;
            // extend the hunk while changes are within 2*context of each other
            int lastChange = k;
            while (end < ops.size()) {
                if (!ops.get(end)[0].equals(" ")) {
                    lastChange = end;
                } else if (end - lastChange > 2 * context) {
                    break;
                }
                end++;
            }
            end = Math.min(ops.size(), lastChange + context + 1);
            out.append("@@ -").append(ops.get(start)[2]).append(" +").append(ops.get(start)[3]).append(" @@\n");
            for (int m = start; m < end; m++) {
                out.append(ops.get(m)[0]).append(ops.get(m)[1]).append('\n');
            }
            k = end;
        }
        return out.toString();
    }

    private static List<String> lines(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        return List.of(text.split("\r?\n", -1)).subList(0, text.endsWith("\n") ? text.split("\r?\n", -1).length - 1
                : text.split("\r?\n", -1).length);
    }
}
