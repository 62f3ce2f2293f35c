package com.bi.ops;

import java.util.ArrayList;
import java.util.List;

/** A unified line diff (longest common subsequence) with a few lines of context. */
public final class LineDiff {
    private LineDiff() {
    }

    public static List<String> unified(List<String> a, List<String> b, int context) {
        int n = a.size();
        int m = b.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> ops = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a.get(i).equals(b.get(j))) {
                ops.add("  " + a.get(i++));
                j++;
            } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                ops.add("- " + a.get(i++));
            } else {
                ops.add("+ " + b.get(j++));
            }
        }
        boolean[] shown = new boolean[ops.size()];
        for (int k = 0; k < ops.size(); k++) {
            if (ops.get(k).charAt(0) != ' ') {
                for (int c = Math.max(0, k - context); c <= Math.min(ops.size() - 1, k + context); c++) {
                    shown[c] = true;
                }
            }
        }
        List<String> out = new ArrayList<>();
        boolean gap = false;
        for (int k = 0; k < ops.size(); k++) {
            if (shown[k]) {
                if (gap && !out.isEmpty()) {
                    out.add("  ...");
                }
                out.add(ops.get(k));
                gap = false;
            } else {
                gap = true;
            }
        }
        return out;
    }
}
