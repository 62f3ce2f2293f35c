package com.bi.charts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Kubernetes Pod Security Standards, "restricted" profile (which includes "baseline"), as the API server's
 * Pod Security Admission checks a pod template: returns each violated rule with the container it concerns.
 */
final class Pss {
    private static final Set<String> BASELINE_CAPS = Set.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL",
            "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");
    private static final Set<String> RESTRICTED_VOLUMES = Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
            "persistentVolumeClaim", "projected", "secret");
    private static final Set<String> SELINUX_TYPES = Set.of("", "container_t", "container_init_t", "container_kvm_t", "container_engine_t");
    private static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
            "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");

    private Pss() {}

    /** Pod templates of a rendered object (Deployment, DaemonSet, StatefulSet, Job, CronJob, Pod), else empty. */
    static List<Map<String, Object>> podSpecs(Map<String, Object> o) {
        Object spec = switch (String.valueOf(o.get("kind"))) {
            case "Deployment", "DaemonSet", "StatefulSet", "Job" -> Maps.at(o, "spec.template.spec");
            case "CronJob" -> Maps.at(o, "spec.jobTemplate.spec.template.spec");
            case "Pod" -> Maps.at(o, "spec");
            default -> null;
        };
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) spec;
        return m == null ? List.of() : List.of(m);
    }

    static List<String> restrictedViolations(Map<String, Object> pod, Map<String, Object> podAnnotations) {
        List<String> v = new ArrayList<>();
        for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
            if (Boolean.TRUE.equals(pod.get(host))) {
                v.add(host + " is true");
            }
        }
        Object psc = pod.get("securityContext");
        Map<?, ?> podSc = psc instanceof Map<?, ?> m ? m : Map.of();
        checkSeLinux(podSc, "pod", v);
        if (Boolean.TRUE.equals(Maps.at(podSc, "windowsOptions.hostProcess"))) {
            v.add("pod: windowsOptions.hostProcess");
        }
        if (podSc.get("sysctls") instanceof List<?> sysctls) {
            for (Object s : sysctls) {
                if (!SAFE_SYSCTLS.contains(String.valueOf(Maps.at(s, "name")))) {
                    v.add("pod: unsafe sysctl " + Maps.at(s, "name"));
                }
            }
        }
        if ("Unconfined".equals(Maps.at(podSc, "appArmorProfile.type"))) {
            v.add("pod: AppArmor unconfined");
        }
        for (Map.Entry<?, ?> a : (podAnnotations == null ? Map.<String, Object>of() : podAnnotations).entrySet()) {
            if (String.valueOf(a.getKey()).startsWith("container.apparmor.security.beta.kubernetes.io/") && "unconfined".equals(a.getValue())) {
                v.add("AppArmor annotation unconfined: " + a.getKey());
            }
        }
        if (pod.get("volumes") instanceof List<?> vols) {
            for (Object vol : vols) {
                for (Object k : ((Map<?, ?>) vol).keySet()) {
                    if (!"name".equals(k) && !RESTRICTED_VOLUMES.contains(String.valueOf(k))) {
                        v.add("volume " + Maps.at(vol, "name") + " of type " + k);
                    }
                }
            }
        }
        Object podNonRoot = podSc.get("runAsNonRoot");
        Object podUser = podSc.get("runAsUser");
        if (Integer.valueOf(0).equals(podUser)) {
            v.add("pod: runAsUser 0");
        }
        String podSeccomp = String.valueOf(Maps.at(podSc, "seccompProfile.type"));
        if ("Unconfined".equals(podSeccomp)) {
            v.add("pod: seccompProfile Unconfined");
        }
        for (String list : List.of("initContainers", "containers", "ephemeralContainers")) {
            if (!(pod.get(list) instanceof List<?> ctrs)) {
                continue;
            }
            for (Object c : ctrs) {
                String who = list + "/" + Maps.at(c, "name");
                Object csc = Maps.at(c, "securityContext");
                Map<?, ?> sc = csc instanceof Map<?, ?> m ? m : Map.of();
                if (Boolean.TRUE.equals(sc.get("privileged"))) {
                    v.add(who + ": privileged");
                }
                if (!Boolean.FALSE.equals(sc.get("allowPrivilegeEscalation"))) {
                    v.add(who + ": allowPrivilegeEscalation must be false");
                }
                Object nonRoot = sc.containsKey("runAsNonRoot") ? sc.get("runAsNonRoot") : podNonRoot;
                if (!Boolean.TRUE.equals(nonRoot)) {
                    v.add(who + ": runAsNonRoot must be true (pod or container)");
                }
                if (Integer.valueOf(0).equals(sc.get("runAsUser"))) {
                    v.add(who + ": runAsUser 0");
                }
                Object type = Maps.at(sc, "seccompProfile.type");
                String seccomp = type != null ? type.toString() : podSeccomp;
                if (!"RuntimeDefault".equals(seccomp) && !"Localhost".equals(seccomp)) {
                    v.add(who + ": seccompProfile must be RuntimeDefault or Localhost, is " + seccomp);
                }
                Object drop = Maps.at(sc, "capabilities.drop");
                if (!(drop instanceof List<?> d && d.contains("ALL"))) {
                    v.add(who + ": capabilities must drop ALL");
                }
                if (Maps.at(sc, "capabilities.add") instanceof List<?> add) {
                    for (Object cap : add) {
                        if (!"NET_BIND_SERVICE".equals(cap)) {
                            v.add(who + ": adds capability " + cap + (BASELINE_CAPS.contains(String.valueOf(cap)) ? "" : " (not even baseline)"));
                        }
                    }
                }
                checkSeLinux(sc, who, v);
                if (sc.get("procMount") != null && !"Default".equals(sc.get("procMount"))) {
                    v.add(who + ": procMount " + sc.get("procMount"));
                }
                if ("Unconfined".equals(Maps.at(sc, "appArmorProfile.type"))) {
                    v.add(who + ": AppArmor unconfined");
                }
                if (Boolean.TRUE.equals(Maps.at(sc, "windowsOptions.hostProcess"))) {
                    v.add(who + ": windowsOptions.hostProcess");
                }
                if (Maps.at(c, "ports") instanceof List<?> ports) {
                    for (Object p : ports) {
                        Object hp = Maps.at(p, "hostPort");
                        if (hp != null && !Integer.valueOf(0).equals(hp)) {
                            v.add(who + ": hostPort " + hp);
                        }
                    }
                }
            }
        }
        return v;
    }

    private static void checkSeLinux(Map<?, ?> sc, String who, List<String> v) {
        Object se = sc.get("seLinuxOptions");
        if (se instanceof Map<?, ?> m) {
            if (!SELINUX_TYPES.contains(String.valueOf(m.get("type") == null ? "" : m.get("type")))) {
                v.add(who + ": SELinux type " + m.get("type"));
            }
            if (m.get("user") != null || m.get("role") != null) {
                v.add(who + ": SELinux user/role set");
            }
        }
    }
}
