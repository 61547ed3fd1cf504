import { Spin } from 'antd';

/** Full-width loading indicator for lazy routes and first loads. */
export function PageSpin() {
  return (
    <div style={{ display: 'flex', justifyContent: 'center', padding: '64px 0' }}>
      <Spin size="large" />
    </div>
  );
}
