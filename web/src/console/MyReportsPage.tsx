import { DownloadOutlined, FileProtectOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Form, Input, Space, Table, Tag, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import { useState } from 'react';
import { type ApiError, api, toApiError } from '../api/client';
import {
  type IssuedReport,
  type MyReport,
  type MyReports,
  type ReportAccess,
  reportFileUrl,
  reportVerifyPath,
} from '../api/ledger-types';
import { formatDateTime } from '../components/format';
import { useApi } from '../hooks/useApi';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useI18n } from '../i18n/I18nProvider';
import { type MessageKey, zhCN } from '../i18n/messages';
import { useRequiredRule } from './parts/useRequiredRule';
import './ledger.css';

const ACTION_COLORS: Record<string, string> = {
  'reports.issue': 'blue',
  'reports.download': 'green',
  'reports.denied': 'red',
};

/** A UI string for a code sent by the server, or the code itself when there is none. */
function useCodeLabel() {
  const { t } = useI18n();
  return (prefix: string, code: string) => {
    const key = `${prefix}.${code}`;
    return key in zhCN ? t(key as MessageKey) : code;
  };
}

/** Download links of a report's PDF and JSON (plain links: the browser downloads with the session cookie). */
function FileLinks({ reportNo, testId }: { reportNo: string; testId?: string }) {
  const { t } = useI18n();
  return (
    <Space size="middle" wrap>
      <a
        href={reportFileUrl(reportNo, 'pdf')}
        download={`${reportNo}.pdf`}
        data-testid={testId && `${testId}-pdf`}
      >
        <DownloadOutlined /> {t('report.downloadPdf')}
      </a>
      <a
        href={reportFileUrl(reportNo, 'json')}
        download={`${reportNo}.json`}
        data-testid={testId && `${testId}-json`}
      >
        <DownloadOutlined /> {t('report.downloadJson')}
      </a>
    </Space>
  );
}

/** 我的信用报告: a subject's self-service user issues its own credit report and sees who viewed them. */
export default function MyReportsPage() {
  const { t } = useI18n();
  const label = useCodeLabel();
  const requiredRule = useRequiredRule();
  useDocumentTitle(t('console.menu.myReports'));
  const mine = useApi<MyReports>('/reports/mine');
  const [form] = Form.useForm<{ purpose: string }>();
  const [issuing, setIssuing] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [issued, setIssued] = useState<IssuedReport | null>(null);

  const issue = async ({ purpose }: { purpose: string }) => {
    setIssuing(true);
    setFailure(null);
    try {
      setIssued(await api.post<IssuedReport>('/reports', { purpose: purpose.trim() }));
      form.resetFields();
      mine.reload();
    } catch (error) {
      setFailure(toApiError(error));
    } finally {
      setIssuing(false);
    }
  };

  return (
    <Space orientation="vertical" size={16} style={{ display: 'flex' }}>
      <Card title={t('console.menu.myReports')}>
        <Typography.Paragraph type="secondary">{t('report.intro')}</Typography.Paragraph>
        <Form
          form={form}
          layout="vertical"
          onFinish={issue}
          style={{ maxWidth: 560 }}
          data-testid="report-form"
        >
          <Form.Item
            name="purpose"
            label={t('report.purpose')}
            extra={t('report.purposeHint')}
            rules={[requiredRule(t('report.purpose')), { whitespace: true, min: 2, max: 100 }]}
          >
            <Input maxLength={100} showCount data-testid="report-purpose" />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            icon={<FileProtectOutlined />}
            loading={issuing}
            data-testid="report-issue"
          >
            {t('report.issue')}
          </Button>
        </Form>
        {failure && (
          <Alert
            type="error"
            showIcon
            style={{ marginTop: 16 }}
            title={t('report.issueFailed')}
            description={
              <>
                {failure.message} <Typography.Text code>{failure.code}</Typography.Text>
              </>
            }
            data-testid="report-issue-error"
          />
        )}
        {issued && <IssuedPanel report={issued} />}
      </Card>

      <Card title={t('report.mine')}>
        {mine.error && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            title={mine.error.message}
            data-testid="report-mine-error"
          />
        )}
        <Table<MyReport>
          size="middle"
          rowKey="reportNo"
          loading={mine.loading}
          dataSource={mine.data?.reports}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          data-testid="report-list"
          onRow={(report) =>
            ({
              'data-testid': 'report-row',
              'data-report-no': report.reportNo,
            }) as HTMLAttributes<HTMLElement>
          }
          columns={[
            {
              title: t('report.no'),
              dataIndex: 'reportNo',
              render: (no: string) => <Typography.Text copyable>{no}</Typography.Text>,
            },
            { title: t('report.purpose'), dataIndex: 'purpose' },
            { title: t('report.requester'), dataIndex: 'requester' },
            { title: t('report.issuedAt'), dataIndex: 'issuedAt', render: formatDateTime },
            { title: t('report.validUntil'), dataIndex: 'validUntil' },
            {
              title: t('report.files'),
              key: 'files',
              render: (_, report) => <FileLinks reportNo={report.reportNo} />,
            },
          ]}
        />
      </Card>

      <Card title={t('report.accesses')}>
        <Typography.Paragraph type="secondary">{t('report.accessesHint')}</Typography.Paragraph>
        <Table<ReportAccess>
          size="middle"
          rowKey={(access, index) => `${access.at}-${index}`}
          loading={mine.loading}
          dataSource={mine.data?.accesses}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          data-testid="report-accesses"
          onRow={() => ({ 'data-testid': 'report-access' }) as HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('report.access.at'), dataIndex: 'at', render: formatDateTime },
            { title: t('report.access.who'), dataIndex: 'who' },
            {
              title: t('report.access.whoType'),
              dataIndex: 'whoType',
              render: (type: string) => <Tag>{label('report.whoType', type)}</Tag>,
            },
            {
              title: t('report.access.action'),
              dataIndex: 'action',
              render: (action: string) => (
                <Tag color={ACTION_COLORS[action]}>{label('report.action', action)}</Tag>
              ),
            },
            { title: t('report.no'), dataIndex: 'reportNo', render: (no: string | null) => no ?? '—' },
            {
              title: t('report.purpose'),
              dataIndex: 'purpose',
              render: (text: string | null) => text ?? '—',
            },
          ]}
        />
      </Card>
    </Space>
  );
}

/** The report just issued: its number and verification code, the files and the public verification page. */
function IssuedPanel({ report }: { report: IssuedReport }) {
  const { t } = useI18n();
  return (
    <Card
      type="inner"
      size="small"
      className="xy-report-issued"
      style={{ marginTop: 16 }}
      title={
        <Space>
          <SafetyCertificateOutlined style={{ color: '#389e0d' }} />
          {t('report.issued')}
        </Space>
      }
      data-testid="report-issued"
    >
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          {
            key: 'no',
            label: t('report.no'),
            children: (
              <Typography.Text strong copyable data-testid="report-no">
                {report.reportNo}
              </Typography.Text>
            ),
          },
          {
            key: 'code',
            label: t('report.verifyCode'),
            children: (
              <Typography.Text strong copyable data-testid="report-code">
                {report.verifyCode}
              </Typography.Text>
            ),
          },
          { key: 'issuedAt', label: t('report.issuedAt'), children: formatDateTime(report.issuedAt) },
          { key: 'ledger', label: t('report.ledgerIndex'), children: report.ledgerIndex },
          {
            key: 'hash',
            label: t('report.contentHash'),
            span: 'filled',
            children: <Typography.Text code>{report.contentHash}</Typography.Text>,
          },
        ]}
      />
      <Alert type="info" showIcon style={{ margin: '12px 0' }} title={t('report.codeNotice')} />
      <Space size="large" wrap>
        <FileLinks reportNo={report.reportNo} testId="report-download" />
        <a
          href={reportVerifyPath(report.reportNo, report.verifyCode)}
          target="_blank"
          rel="noopener"
          data-testid="report-verify-link"
        >
          <SafetyCertificateOutlined /> {t('report.verifyLink')}
        </a>
      </Space>
    </Card>
  );
}
