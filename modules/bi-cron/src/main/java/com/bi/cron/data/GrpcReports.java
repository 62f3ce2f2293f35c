package com.bi.cron.data;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.bi.common.security.ServiceTokens;
import com.bi.cron.domain.DailyReportJob;
import com.bi.cron.domain.Notifier;
import com.bi.cron.domain.PlanAlertsJob;
import com.bi.proto.notify.v1.Attachment;
import com.bi.proto.notify.v1.NotifyServiceGrpc;
import com.bi.proto.notify.v1.SendRequest;
import com.bi.proto.plan.v1.GetAttainmentRequest;
import com.bi.proto.plan.v1.PlanServiceGrpc;
import com.bi.proto.template.v1.Kpi;
import com.bi.proto.template.v1.ListScheduledRequest;
import com.bi.proto.template.v1.PanelResult;
import com.bi.proto.template.v1.RenderRequest;
import com.bi.proto.template.v1.RenderResponse;
import com.bi.proto.template.v1.TemplateServiceGrpc;
import com.google.protobuf.ByteString;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** bi-plan-taoxi, bi-template and bi-notify for plan-alerts and daily-report, with each tenant's SERVICE token. */
public final class GrpcReports {
    private GrpcReports() {
    }

    public static PlanAlertsJob.Plans plans(Channel channel, ServiceTokens tokens) {
        return tenant -> tokens.as(tenant, () -> {
            var answer = PlanServiceGrpc.newBlockingStub(channel).getAttainment(GetAttainmentRequest.getDefaultInstance());
            return new PlanAlertsJob.Attainment(answer.getAsOf(), answer.getTimeZone(), answer.getShopsList().stream()
                    .map(s -> new PlanAlertsJob.Shop(s.getShopId(), s.getShopName(), s.getPlatform(), s.getMonth(),
                            s.getTargetGmv(), s.getMtdGmv(), s.getExpectedGmvToDate(), s.getAttainment(), s.getForecastGmv(),
                            s.getForecastMethod(), s.getForecastAttainment(), s.getStatus()))
                    .toList());
        });
    }

    public static DailyReportJob.Templates templates(Channel channel, ServiceTokens tokens) {
        return new DailyReportJob.Templates() {
            @Override
            public List<DailyReportJob.Scheduled> dailySchedules(String tenant) {
                return tokens.as(tenant, () -> TemplateServiceGrpc.newBlockingStub(channel)
                        .listScheduled(ListScheduledRequest.newBuilder().setSchedule("DAILY").build())
                        .getReportsList().stream()
                        .map(r -> new DailyReportJob.Scheduled(r.getTemplateId(), r.getName(), List.copyOf(r.getChannelIdsList()),
                                Map.copyOf(r.getVariablesMap()), List.copyOf(r.getFormatsList())))
                        .toList());
            }

            @Override
            public DailyReportJob.Rendered render(String tenant, String templateId, Map<String, String> variables, List<String> formats) {
                RenderResponse r = tokens.as(tenant, () -> TemplateServiceGrpc.newBlockingStub(channel)
                        // a report renders several panels, each with its own timeout in bi-template: beyond the per-call default
                        .withDeadlineAfter(2, java.util.concurrent.TimeUnit.MINUTES)
                        .render(RenderRequest.newBuilder().setTemplateId(templateId).putAllVariables(variables)
                                .addAllFormats(formats).build()));
                return new DailyReportJob.Rendered(r.getTitle(), r.getRangeFrom(), r.getRangeTo(), r.getTimeZone(), r.getPartial(),
                        r.getPanelsList().stream().map(GrpcReports::panel).toList(), r.getXlsx().toByteArray(), r.getCsv().toByteArray());
            }
        };
    }

    private static DailyReportJob.Panel panel(PanelResult p) {
        return new DailyReportJob.Panel(p.getPanelId(), p.getTitle(), p.getKind(), p.getStatus(), p.getMessage(),
                p.hasKpi() ? kpi(p.getKpi()) : null, p.getPng().toByteArray());
    }

    private static String kpi(Kpi k) {
        String value = String.format(Locale.ROOT, "%,.2f", k.getValue());
        return k.hasChangePct() ? value + String.format(Locale.ROOT, " (%+.1f%%)", k.getChangePct()) : value;
    }

    public static Notifier notifier(Channel channel, ServiceTokens tokens) {
        return (tenant, m) -> tokens.as(tenant, () -> {
            SendRequest.Builder request = SendRequest.newBuilder().setIdempotencyKey(m.idempotencyKey())
                    .addAllChannelIds(m.channelIds()).setTitle(m.title()).setMarkdown(m.markdown());
            m.images().forEach(a -> request.addImages(attachment(a)));
            m.files().forEach(a -> request.addFiles(attachment(a)));
            try {
                return NotifyServiceGrpc.newBlockingStub(channel).send(request.build()).getDuplicate()
                        ? Notifier.Outcome.DUPLICATE : Notifier.Outcome.QUEUED;
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() == Status.Code.FAILED_PRECONDITION && m.channelIds().isEmpty()) {
                    return Notifier.Outcome.NO_CHANNEL; // bi-notify: the tenant has no enabled channel
                }
                if (e.getStatus().getCode() == Status.Code.ALREADY_EXISTS) {
                    // the key went out earlier today with other numbers (late orders moved them): once per day is the rule
                    return Notifier.Outcome.DUPLICATE;
                }
                throw e;
            }
        });
    }

    private static Attachment attachment(Notifier.Attachment a) {
        return Attachment.newBuilder().setName(a.name()).setContentType(a.contentType()).setData(ByteString.copyFrom(a.data())).build();
    }
}
