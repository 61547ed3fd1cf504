import {
  CheckCircleFilled,
  CloseCircleFilled,
  InboxOutlined,
  SafetyCertificateOutlined,
} from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  Collapse,
  Descriptions,
  type DescriptionsProps,
  Form,
  Input,
  Result,
  Row,
  Space,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { type ApiError, api, toApiError, toQuery, uploadFile } from '../api/client';
import type { FileVerification, ReportVerification, VerifyCheck } from '../api/ledger-types';
import { formatDateTime } from '../components/format';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useI18n } from '../i18n/I18nProvider';

const REPORT_NO = /^[A-Z0-9]{8,40}$/;
const MAX_FILE = 20 * 1024 * 1024;

type Outcome<T> = { result: T } | { error: ApiError };

interface VerifyForm {
  no: string;
  code: string;
}

const normalise = (value: string) => value.replace(/\s+/g, '').toUpperCase();

/** The Content-Type the server reads a report file by: a PDF, a report JSON, or raw bytes. */
function contentType(file: File): string {
  const name = file.name.toLowerCase();
  if (file.type === 'application/pdf' || name.endsWith('.pdf')) return 'application/pdf';
  if (file.type === 'application/json' || name.endsWith('.json')) return 'application/json';
  return 'application/octet-stream';
}

/** Today in the visitor's calendar, `YYYY-MM-DD`. */
function today(): string {
  const date = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Scrolls a freshly shown result into view when it starts below the screen (phones: under both forms). */
function useRevealOnChange(value: unknown) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (value && element && element.getBoundingClientRect().top > window.innerHeight - 80)
      element.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }, [value]);
  return ref;
}

/** Each check the server ran, green or red. */
function CheckList({ checks, testId }: { checks: VerifyCheck[]; testId: string }) {
  const { t } = useI18n();
  if (!checks.length) return null;
  return (
    <div data-testid={testId}>
      <Typography.Title level={5}>{t('verify.checks')}</Typography.Title>
      <ul className="xy-verify-checks">
        {checks.map((check) => (
          <li key={check.code} data-testid="verify-check" data-ok={String(check.ok)} data-code={check.code}>
            {check.ok ? (
              <CheckCircleFilled className="xy-verify-ok" />
            ) : (
              <CloseCircleFilled className="xy-verify-bad" />
            )}
            <span>
              <Typography.Text type={check.ok ? undefined : 'danger'}>{check.message}</Typography.Text>
              <Typography.Text type="secondary" className="xy-verify-code">
                {check.code}
              </Typography.Text>
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The answer for a report number and code: what was issued, and whether it still verifies. */
function CodeResult({ outcome }: { outcome: Outcome<ReportVerification> }) {
  const { t } = useI18n();
  if ('error' in outcome) {
    const notFound = outcome.error.code === 'REPORT_NOT_FOUND' || outcome.error.status === 404;
    return (
      <Card className="xy-verify-result xy-verify-invalid" data-testid="verify-result" data-valid="false">
        <Result
          status="error"
          title={notFound ? t('verify.notFound') : t('verify.failedRequest')}
          subTitle={notFound ? t('verify.notFoundHint') : outcome.error.message}
        />
      </Card>
    );
  }
  const report = outcome.result;
  const expired = report.validUntil < today();
  const items: DescriptionsProps['items'] = [
    {
      key: 'no',
      label: t('verify.reportNo'),
      children: <span data-testid="verify-report-no">{report.reportNo}</span>,
    },
    {
      key: 'subject',
      label: t('verify.subject'),
      children: <span data-testid="verify-subject">{report.subjectName}</span>,
    },
    ...(report.subjectCode
      ? [{ key: 'code', label: t('verify.subjectCode'), children: report.subjectCode }]
      : []),
    { key: 'issuedAt', label: t('verify.issuedAt'), children: formatDateTime(report.issuedAt) },
    {
      key: 'validUntil',
      label: t('verify.validUntil'),
      children: (
        <Space size={4} wrap>
          {report.validUntil}
          {expired && <Tag color="warning">{t('verify.expired')}</Tag>}
        </Space>
      ),
    },
    {
      key: 'signature',
      label: t('verify.signature'),
      children: report.signatureValid ? (
        <Tag color="success">{t('verify.signatureOk')}</Tag>
      ) : (
        <Tag color="error">{t('verify.signatureBad')}</Tag>
      ),
    },
    { key: 'ledger', label: t('verify.ledgerIndex'), children: report.ledgerIndex },
    {
      key: 'hash',
      label: t('verify.contentHash'),
      span: 'filled',
      children: <Typography.Text code>{report.contentHash}</Typography.Text>,
    },
  ];
  return (
    <Card
      className={`xy-verify-result ${report.valid ? 'xy-verify-valid' : 'xy-verify-invalid'}`}
      data-testid="verify-result"
      data-valid={String(report.valid)}
    >
      <Result
        status={report.valid ? 'success' : 'error'}
        title={report.valid ? t('verify.valid') : t('verify.invalid')}
        subTitle={report.valid ? t('verify.validHint') : t('verify.invalidHint')}
      />
      <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} layout="vertical" items={items} />
      <div style={{ marginTop: 16 }}>
        <CheckList checks={report.checks} testId="verify-checks" />
      </div>
      {report.checkpoint && (
        <Collapse
          size="small"
          items={[
            {
              key: 'checkpoint',
              label: t('verify.checkpoint'),
              children: <pre className="xy-verify-note">{report.checkpoint}</pre>,
            },
          ]}
        />
      )}
    </Card>
  );
}

/** The answer for an uploaded file. */
function FileResult({ outcome, fileName }: { outcome: Outcome<FileVerification>; fileName: string }) {
  const { t } = useI18n();
  if ('error' in outcome)
    return (
      <Card
        className="xy-verify-result xy-verify-invalid"
        data-testid="verify-file-result"
        data-valid="false"
      >
        <Result status="error" title={t('verify.fileInvalid')} subTitle={outcome.error.message} />
      </Card>
    );
  const { valid, kind, reportNo, origin, checks } = outcome.result;
  return (
    <Card
      className={`xy-verify-result ${valid ? 'xy-verify-valid' : 'xy-verify-invalid'}`}
      data-testid="verify-file-result"
      data-valid={String(valid)}
    >
      <Result
        status={valid ? 'success' : 'error'}
        title={valid ? t('verify.fileValid') : t('verify.fileInvalid')}
        subTitle={valid ? t('verify.fileValidHint') : t('verify.fileInvalidHint')}
      />
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2 }}
        layout="vertical"
        items={[
          { key: 'file', label: t('verify.fileName'), children: fileName },
          { key: 'kind', label: t('verify.kind'), children: t(`verify.kind.${kind}`) },
          { key: 'no', label: t('verify.reportNo'), children: reportNo ?? '—' },
          { key: 'origin', label: t('verify.origin'), children: origin ?? '—' },
        ]}
      />
      <div style={{ marginTop: 16 }}>
        <CheckList checks={checks} testId="verify-file-checks" />
      </div>
    </Card>
  );
}

/**
 * `/verify`: anyone checks a credit report — by its number and verification code (the QR code on the
 * report opens `/verify?no=…&code=…`, which verifies at once), or by uploading the PDF or JSON file.
 */
export default function VerifyPage() {
  const { t } = useI18n();
  useDocumentTitle(t('verify.title'));
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<VerifyForm>();
  const [checking, setChecking] = useState(false);
  const [codeOutcome, setCodeOutcome] = useState<Outcome<ReportVerification> | null>(null);
  const [fileChecking, setFileChecking] = useState(false);
  const [fileOutcome, setFileOutcome] = useState<{ outcome: Outcome<FileVerification>; name: string } | null>(
    null,
  );
  const latest = useRef(0);
  const codeResult = useRevealOnChange(codeOutcome);
  const fileResult = useRevealOnChange(fileOutcome);

  const verify = async ({ no, code }: VerifyForm) => {
    const request = ++latest.current;
    setChecking(true);
    try {
      const result = await api.get<ReportVerification>(
        `/reports/${encodeURIComponent(normalise(no))}/verify${toQuery({ code: normalise(code) })}`,
      );
      if (request === latest.current) setCodeOutcome({ result });
    } catch (error) {
      if (request === latest.current) setCodeOutcome({ error: toApiError(error) });
    } finally {
      if (request === latest.current) setChecking(false);
    }
  };

  // A QR code opens the page with both values: verify right away.
  const initial = { no: params.get('no') ?? '', code: params.get('code') ?? '' };
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the query the page was opened with
  useEffect(() => {
    if (initial.no && initial.code && REPORT_NO.test(normalise(initial.no))) verify(initial);
  }, []);

  const submit = (values: VerifyForm) => {
    setParams({ no: normalise(values.no), code: normalise(values.code) }, { replace: true });
    verify(values);
  };

  const verifyFile = async (file: File) => {
    setFileChecking(true);
    try {
      if (file.size > MAX_FILE) throw new Error(t('verify.fileTooLarge'));
      const result = await uploadFile<FileVerification>('/reports/verify', file, {
        contentType: contentType(file),
        anonymous: true,
      });
      setFileOutcome({ outcome: { result }, name: file.name });
    } catch (error) {
      setFileOutcome({ outcome: { error: toApiError(error) }, name: file.name });
    } finally {
      setFileChecking(false);
    }
  };

  return (
    <div className="xy-page xy-verify" data-testid="verify-page">
      <Typography.Title level={3}>
        <SafetyCertificateOutlined /> {t('verify.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('verify.intro')}</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('verify.byCode')} style={{ height: '100%' }}>
            <Form<VerifyForm>
              form={form}
              layout="vertical"
              initialValues={initial}
              onFinish={submit}
              data-testid="verify-form"
            >
              <Form.Item
                name="no"
                label={t('verify.reportNo')}
                normalize={(value: string) => value.toUpperCase()}
                rules={[
                  { required: true, message: t('verify.reportNoRequired') },
                  {
                    validator: (_, value?: string) =>
                      !value || REPORT_NO.test(normalise(value))
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('verify.reportNoRule'))),
                  },
                ]}
              >
                <Input autoComplete="off" inputMode="text" data-testid="verify-no" />
              </Form.Item>
              <Form.Item
                name="code"
                label={t('verify.code')}
                normalize={(value: string) => value.toUpperCase()}
                rules={[
                  { required: true, message: t('verify.codeRequired') },
                  { min: 4, max: 16, message: t('verify.codeRule') },
                ]}
              >
                <Input autoComplete="off" data-testid="verify-code" />
              </Form.Item>
              <Button
                type="primary"
                htmlType="submit"
                block
                loading={checking}
                icon={<SafetyCertificateOutlined />}
                data-testid="verify-submit"
              >
                {t('verify.submit')}
              </Button>
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('verify.byFile')} style={{ height: '100%' }}>
            <div data-testid="verify-upload">
              <Upload.Dragger
                accept=".pdf,.json,application/pdf,application/json"
                multiple={false}
                showUploadList={false}
                disabled={fileChecking}
                beforeUpload={(file) => {
                  verifyFile(file);
                  return false;
                }}
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p className="ant-upload-text">
                  {fileChecking ? t('verify.fileChecking') : t('verify.fileDrop')}
                </p>
                <p className="ant-upload-hint">{t('verify.fileHint')}</p>
              </Upload.Dragger>
            </div>
          </Card>
        </Col>
      </Row>
      <Space orientation="vertical" size={16} style={{ display: 'flex', marginTop: 16 }}>
        {checking && !codeOutcome && <Alert type="info" showIcon title={t('verify.checking')} />}
        {codeOutcome && (
          <div ref={codeResult}>
            <CodeResult outcome={codeOutcome} />
          </div>
        )}
        {fileOutcome && (
          <div ref={fileResult}>
            <FileResult outcome={fileOutcome.outcome} fileName={fileOutcome.name} />
          </div>
        )}
        <Alert type="info" showIcon title={t('verify.offline')} />
      </Space>
    </div>
  );
}
